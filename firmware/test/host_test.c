/*
 * Host tests of the portable core: a pretend chip (a millisecond clock, the STATE and button
 * pins, the thermistor's ADC counts) runs the shared vectors in test/vectors.txt, which
 * tests/unit/firmware/ also runs against the AVR binary in the emulated board. A few checks that
 * need the core's insides (exact ADC boundaries) follow.
 *
 * Vector format (one directive a line; '#' starts a comment line):
 *   case <name>        a new case: the board from power-on, STATE high, 30.0 degC, button up,
 *                      run 300 ms to settle, its lines dropped; the case clock starts at 0
 *   send <text>        drop the lines received so far, then write <text> and "\n"
 *   raw <hex> ...      drop the lines received so far, then write these bytes
 *   wait <ms>          let time pass (with keep-alives, if on)
 *   keepalive <ms>     from now on send "K\n" every <ms> during waits (0: off); none is sent in
 *                      the last 50 ms of a wait, and their "OK" answers are skipped by expect
 *   expect <prefix>    the next line that is not a state line (unless <prefix> starts with
 *                      "ST") must start with <prefix>
 *   temp <degC>        the pad reads this (as ADC counts from the B equation); read within 100 ms
 *   adc <counts>       the ADC reads these counts
 *   link <0|1>         the module's STATE pin
 *   button <0|1>       the STOP button (1 pressed)
 *   pins <k=v> ...     the output pins now: vib, knead (PWM duty 0..255), in1, in2, heater (0/1);
 *                      "off" means all five are 0
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eb_core.h"

static eb_core core;
static uint32_t clock_ms;
static uint8_t link_pin = 1, button_pin = 0;
static uint16_t adc_counts;
static unsigned keepalive_ms, keepalive_oks;

#define RX_LINES 512
static char rx_lines[RX_LINES][80];
static unsigned rx_count, rx_read;
static char partial[128];
static unsigned partial_len;

static int failures, checks;
static char case_name[128];
static int line_no;

void eb_port_write(const char *bytes, uint8_t n) {
  for (uint8_t i = 0; i < n; i++) {
    if (bytes[i] == '\n') {
      partial[partial_len] = 0;
      if (rx_count == RX_LINES) { /* keep the newest: drop the oldest unread line */
        memmove(rx_lines[0], rx_lines[1], sizeof rx_lines[0] * (RX_LINES - 1));
        rx_count--;
        if (rx_read) rx_read--;
      }
      strcpy(rx_lines[rx_count++], partial);
      partial_len = 0;
    } else if (partial_len < sizeof partial - 1) {
      partial[partial_len++] = bytes[i];
    }
  }
}

static void fail(const char *fmt, const char *a, const char *b) {
  failures++;
  fprintf(stderr, "FAIL [%s] vectors.txt:%d: ", case_name, line_no);
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
}

static uint16_t counts_for(double celsius) {
  double r = 10000.0 * exp(3950.0 * (1.0 / (celsius + 273.15) - 1.0 / 298.15));
  return (uint16_t)floor(1024.0 * r / (r + 10000.0) + 0.5);
}

static void one_ms(void) {
  clock_ms++;
  eb_tick(&core, clock_ms, link_pin, button_pin);
  if (clock_ms % 100u == 0) eb_adc(&core, adc_counts);
}

static void write_bytes(const char *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) eb_byte(&core, (uint8_t)bytes[i]);
}

static void drop_lines(void) {
  rx_count = 0;
  rx_read = 0;
  keepalive_oks = 0;
}

static void wait_ms(unsigned ms, unsigned *since_keepalive) {
  for (unsigned i = 0; i < ms; i++) {
    one_ms();
    if (keepalive_ms) {
      if (++*since_keepalive >= keepalive_ms && ms - i > 50) {
        *since_keepalive = 0;
        write_bytes("K\n", 2);
        keepalive_oks++;
      }
    }
  }
}

static void start_case(void) {
  clock_ms = 0;
  link_pin = 1;
  button_pin = 0;
  keepalive_ms = 0;
  adc_counts = counts_for(30.0);
  partial_len = 0;
  eb_init(&core, EB_RESET_POWER, 0);
  eb_adc(&core, adc_counts);
  for (int i = 0; i < 300; i++) one_ms();
  drop_lines();
}

static int pin_value(const eb_pins *p, const char *key) {
  if (!strcmp(key, "vib")) return p->vibration_duty;
  if (!strcmp(key, "knead")) return p->kneading_duty;
  if (!strcmp(key, "in1")) return p->in1;
  if (!strcmp(key, "in2")) return p->in2;
  if (!strcmp(key, "heater")) return p->heater;
  return -1;
}

static void check_pins(char *spec) {
  eb_pins p;
  eb_pins_now(&core, &p);
  for (char *tok = strtok(spec, " "); tok; tok = strtok(0, " ")) {
    checks++;
    if (!strcmp(tok, "off")) {
      if (p.vibration_duty || p.kneading_duty || p.in1 || p.in2 || p.heater) fail("%s%s", "output pins not all off", "");
      continue;
    }
    char *eq = strchr(tok, '=');
    if (!eq) {
      fail("bad pins token %s%s", tok, "");
      continue;
    }
    *eq = 0;
    int want = atoi(eq + 1), got = pin_value(&p, tok);
    if (got != want) {
      char msg[64];
      snprintf(msg, sizeof msg, "%d, expected %d", got, want);
      fail("pin %s is %s", tok, msg);
    }
  }
}

static void expect_line(const char *prefix) {
  int want_state = !strcmp(prefix, "ST") || !strncmp(prefix, "ST ", 3);
  checks++;
  while (rx_read < rx_count) {
    const char *l = rx_lines[rx_read++];
    if (!want_state && !strncmp(l, "ST ", 3)) continue;
    /* A state expectation looks for the next state line that matches: periodic ones may come first. */
    if (want_state && strncmp(l, prefix, strlen(prefix))) continue;
    if (keepalive_oks && !strcmp(l, "OK")) {
      keepalive_oks--;
      continue;
    }
    if (strncmp(l, prefix, strlen(prefix))) fail("got \"%s\", expected \"%s...\"", l, prefix);
    return;
  }
  fail("no line, expected \"%s...\"%s", prefix, "");
}

static int run_vectors(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    return 1;
  }
  char buf[512];
  unsigned since_keepalive = 0, cases = 0;
  while (fgets(buf, sizeof buf, f)) {
    line_no++;
    buf[strcspn(buf, "\r\n")] = 0;
    if (!buf[0] || buf[0] == '#') continue;
    char *arg = strchr(buf, ' ');
    if (arg) *arg++ = 0;
    else arg = buf + strlen(buf);
    if (!strcmp(buf, "case")) {
      snprintf(case_name, sizeof case_name, "%s", arg);
      start_case();
      since_keepalive = 0;
      cases++;
    } else if (!strcmp(buf, "send")) {
      drop_lines();
      write_bytes(arg, strlen(arg));
      write_bytes("\n", 1);
    } else if (!strcmp(buf, "raw")) {
      drop_lines();
      for (char *tok = strtok(arg, " "); tok; tok = strtok(0, " ")) {
        char b = (char)strtol(tok, 0, 16);
        write_bytes(&b, 1);
      }
    } else if (!strcmp(buf, "wait")) {
      wait_ms((unsigned)atoi(arg), &since_keepalive);
    } else if (!strcmp(buf, "keepalive")) {
      keepalive_ms = (unsigned)atoi(arg);
      since_keepalive = 0;
    } else if (!strcmp(buf, "expect")) {
      expect_line(arg);
    } else if (!strcmp(buf, "temp")) {
      adc_counts = counts_for(atof(arg));
    } else if (!strcmp(buf, "adc")) {
      adc_counts = (uint16_t)atoi(arg);
    } else if (!strcmp(buf, "link")) {
      link_pin = (uint8_t)atoi(arg);
    } else if (!strcmp(buf, "button")) {
      button_pin = (uint8_t)atoi(arg);
    } else if (!strcmp(buf, "pins")) {
      check_pins(arg);
    } else {
      fail("unknown directive %s%s", buf, "");
    }
  }
  fclose(f);
  printf("vectors: %u cases, %d checks\n", cases, checks);
  return 0;
}

/* ---- checks that need the core's insides ---- */

static void check(int ok, const char *what) {
  checks++;
  if (!ok) {
    failures++;
    fprintf(stderr, "FAIL %s\n", what);
  }
}

static void unit_tests(void) {
  snprintf(case_name, sizeof case_name, "unit");
  /* The hard cut is at the first ADC count that reads 41.0 degC; one count cooler does not cut. */
  uint16_t c = 0;
  while (c < 1024 && eb_ntc_t10(c) >= EB_HOT_CUT_T10) c++;
  /* c is now the highest count reading below 41.0 (counts fall as it warms). */
  start_case();
  link_pin = 1;
  eb_adc(&core, c);
  check(!(core.faults & EB_FAULT_HOT), "one ADC count below 41.0 degC does not cut");
  eb_adc(&core, (uint16_t)(c - 1));
  check((core.faults & EB_FAULT_HOT) && core.last_stop == EB_STOP_HOT, "the first ADC count at 41.0 degC cuts and latches");
  uint16_t clear = 0;
  while (clear < 1024 && eb_ntc_t10(clear) >= EB_HOT_CLEAR_T10) clear++;
  eb_adc(&core, (uint16_t)(clear - 1));
  check(core.faults & EB_FAULT_HOT, "38.0 degC does not clear the over-temperature latch");
  eb_adc(&core, clear);
  check(!(core.faults & EB_FAULT_HOT), "below 38.0 degC clears the latch");

  /* The thermistor table reads the B equation back within 0.1 degC over the pad's range. */
  int worst = 0;
  for (int t10 = 200; t10 <= 450; t10++) {
    int got = eb_ntc_t10(counts_for(t10 / 10.0));
    int err = abs(got - t10);
    if (err > worst) worst = err;
  }
  char msg[96];
  snprintf(msg, sizeof msg, "thermistor reading within 0.2 degC from 20 to 45 degC (worst %d tenths)", worst);
  check(worst <= 2, msg);

  /* Rails: an open thermistor (counts at the top) and a shorted one (near 0) are sensor faults. */
  start_case();
  eb_adc(&core, 1001);
  check(core.faults & EB_FAULT_SENSOR, "1001 counts (open thermistor) is a sensor fault");
  start_case();
  eb_adc(&core, 1000);
  check(!(core.faults & EB_FAULT_SENSOR), "1000 counts is still a reading");
  eb_adc(&core, 29);
  check(core.faults & EB_FAULT_SENSOR, "29 counts (shorted thermistor) is a sensor fault");

  /* The stop scanner agrees with the core on every line start. */
  eb_stopscan s = {0};
  check(!eb_stopscan_feed(&s, 'S') && eb_stopscan_feed(&s, '\n'), "S then newline is a stop");
  check(!eb_stopscan_feed(&s, '\r') && !eb_stopscan_feed(&s, 'S') && !eb_stopscan_feed(&s, 'x') && eb_stopscan_feed(&s, '\n'),
        "a carriage return, then S and more, is a stop");
  check(!eb_stopscan_feed(&s, 'V') && !eb_stopscan_feed(&s, 'S') && !eb_stopscan_feed(&s, '\n'), "S inside a line is not a stop");

  /* Every reset cause has its word in the BOOT line. */
  const char *words[] = {"BOOT unknown 1.0.0", "BOOT power 1.0.0", "BOOT external 1.0.0", "BOOT brownout 1.0.0", "BOOT watchdog 1.0.0"};
  for (uint8_t cause = 0; cause < 5; cause++) {
    drop_lines();
    eb_init(&core, cause, 0);
    check(rx_count == 1 && !strcmp(rx_lines[0], words[cause]), words[cause]);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s vectors.txt\n", argv[0]);
    return 2;
  }
  if (run_vectors(argv[1])) return 1;
  unit_tests();
  if (failures) {
    fprintf(stderr, "%d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("host tests: all %d checks passed\n", checks);
  return 0;
}
