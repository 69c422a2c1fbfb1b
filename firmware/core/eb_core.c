/* Easeback DIY board: protocol and safety logic. See eb_core.h and devices/diy-board/PROTOCOL.md. */
#include "eb_core.h"

#include "eb_ntc_table.h"

/* ---- small helpers ---- */

/* Wrap-safe "a is at or after b" for the millisecond clock. */
static uint8_t reached(uint32_t now, uint32_t when) { return (int32_t)(now - when) >= 0; }

typedef struct {
  char text[64];
  uint8_t n;
} line_out;

static void put_s(line_out *o, const char *s) {
  while (*s && o->n < sizeof o->text - 1) o->text[o->n++] = *s++;
}

static void put_c(line_out *o, char c) {
  if (o->n < sizeof o->text - 1) o->text[o->n++] = c;
}

static void put_u(line_out *o, uint32_t v) {
  char digits[10];
  uint8_t k = 0;
  do {
    digits[k++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v && k < sizeof digits);
  while (k) put_c(o, digits[--k]);
}

static void send(line_out *o) {
  o->text[o->n++] = '\n';
  eb_port_write(o->text, o->n);
}

static void send_text(const char *s) {
  line_out o;
  o.n = 0;
  put_s(&o, s);
  send(&o);
}

static const char *stop_word(uint8_t cause) {
  switch (cause) {
    case EB_STOP_CMD: return "cmd";
    case EB_STOP_BUTTON: return "button";
    case EB_STOP_WATCHDOG: return "watchdog";
    case EB_STOP_LINK: return "link";
    case EB_STOP_DEADLINE: return "deadline";
    case EB_STOP_NEW: return "new";
    case EB_STOP_HOT: return "hot";
    case EB_STOP_SENSOR: return "sensor";
    case EB_STOP_RUNAWAY: return "runaway";
    case EB_STOP_STUCK: return "stuck";
    case EB_STOP_OVERRUN: return "overrun";
    default: return "-";
  }
}

static const char *reset_word(uint8_t cause) {
  switch (cause) {
    case EB_RESET_POWER: return "power";
    case EB_RESET_EXTERNAL: return "external";
    case EB_RESET_BROWNOUT: return "brownout";
    case EB_RESET_WATCHDOG: return "watchdog";
    default: return "unknown";
  }
}

static uint32_t seconds_left(uint32_t now, uint32_t end) {
  if (reached(now, end)) return 0;
  return (end - now + 999u) / 1000u;
}

/* ---- reports ---- */

static void send_state(const eb_core *c) {
  line_out o;
  o.n = 0;
  put_s(&o, "ST A");
  put_u(&o, c->armed);
  put_s(&o, " V");
  put_u(&o, c->vibration);
  put_s(&o, " N");
  put_u(&o, c->kneading);
  put_c(&o, ',');
  put_u(&o, c->direction);
  put_s(&o, " H");
  put_u(&o, c->heat_c);
  put_s(&o, " G");
  put_u(&o, c->gate);
  put_s(&o, " T");
  if (c->have_reading && c->reading_ok) {
    int16_t t = c->t10;
    if (t < 0) {
      put_c(&o, '-');
      t = (int16_t)-t;
    }
    put_u(&o, (uint32_t)(t / 10));
    put_c(&o, '.');
    put_u(&o, (uint32_t)(t % 10));
  } else {
    put_s(&o, "--");
  }
  put_s(&o, " S");
  put_u(&o, c->armed ? seconds_left(c->now, c->session_end) : 0);
  put_s(&o, " E");
  put_u(&o, (c->armed && !c->heat_time_over) ? seconds_left(c->now, c->heat_end) : 0);
  put_s(&o, " F");
  put_u(&o, c->faults);
  put_s(&o, " X");
  put_s(&o, stop_word(c->last_stop));
  send(&o);
  if (c->faults & (EB_FAULT_RUNAWAY | EB_FAULT_STUCK)) send_text("MSG UNPLUG THE PAD");
}

static void send_boot(const eb_core *c) {
  line_out o;
  o.n = 0;
  put_s(&o, "BOOT ");
  put_s(&o, reset_word(c->reset_cause));
  put_c(&o, ' ');
  put_s(&o, EB_VERSION);
  send(&o);
}

static void send_caps(void) {
  line_out o;
  o.n = 0;
  put_s(&o, "CAP V");
  put_u(&o, EB_MAX_VIBRATION);
  put_s(&o, " N");
  put_u(&o, EB_MAX_KNEADING);
  put_s(&o, " H");
  put_u(&o, EB_HEAT_MIN_C);
  put_c(&o, '-');
  put_u(&o, EB_HEAT_MAX_C);
  put_s(&o, " S");
  put_u(&o, EB_MAX_SESSION_S);
  send(&o);
}

static void refuse(const char *why) {
  line_out o;
  o.n = 0;
  put_s(&o, "ERR ");
  put_s(&o, why);
  send(&o);
}

/* ---- outputs ---- */

static uint8_t any_output_on(const eb_core *c) { return c->vibration || c->kneading || c->heat_c || c->gate; }

static void reset_heater_checks(eb_core *c) {
  c->watching = 0;
  c->held = 0;
  c->below = 0;
}

/* Every output off, session disarmed, cause recorded and reported. */
static void stop_all(eb_core *c, uint8_t cause) {
  c->vibration = 0;
  c->kneading = 0;
  c->heat_c = 0;
  c->gate = 0;
  c->armed = 0;
  c->last_stop = cause;
  reset_heater_checks(c);
  line_out o;
  o.n = 0;
  put_s(&o, "STOP ");
  put_s(&o, stop_word(cause));
  send(&o);
  send_state(c);
}

/* ---- init ---- */

uint8_t eb_stopscan_feed(eb_stopscan *scan, uint8_t b) {
  if (b == '\r') return 0;
  if (b == '\n') {
    uint8_t stop = scan->state == 2;
    scan->state = 0;
    return stop;
  }
  if (scan->state == 0) scan->state = (b == 'S') ? 2 : 1;
  return 0;
}

void eb_init(eb_core *c, uint8_t reset_cause, uint32_t now_ms) {
  uint8_t *p = (uint8_t *)c;
  for (uint16_t i = 0; i < sizeof *c; i++) p[i] = 0;
  c->now = now_ms;
  c->reset_cause = reset_cause;
  c->button_up_since = now_ms;
  c->off_since = now_ms;
  send_boot(c);
}

/* ---- parsing ---- */

typedef struct {
  const char *p, *end;
} cursor;

/* 1 to 4 decimal digits. */
static uint8_t take_number(cursor *k, uint16_t *value) {
  uint8_t digits = 0;
  uint16_t v = 0;
  while (k->p < k->end && *k->p >= '0' && *k->p <= '9') {
    if (++digits > 4) return 0;
    v = (uint16_t)(v * 10u + (uint16_t)(*k->p - '0'));
    k->p++;
  }
  *value = v;
  return digits > 0;
}

static uint8_t take_char(cursor *k, char ch) {
  if (k->p < k->end && *k->p == ch) {
    k->p++;
    return 1;
  }
  return 0;
}

/* Parses "<n>(,<n>)*" with exactly count numbers and nothing after. */
static uint8_t take_numbers(cursor *k, uint16_t *values, uint8_t count) {
  for (uint8_t i = 0; i < count; i++) {
    if (i && !take_char(k, ',')) return 0;
    if (!take_number(k, &values[i])) return 0;
  }
  return k->p == k->end;
}

/* The state checks of PROTOCOL.md section 8, in its order, for a raise (with_session) or for a
 * limits line (no session needed; every fault counts, as for a heat raise). */
static const char *raise_refusal(const eb_core *c, uint8_t is_heat, uint8_t with_session) {
  if (!c->link_up) return "link";
  if (c->faults & EB_FAULT_BUTTON) return "button";
  if (is_heat && (c->faults & EB_FAULTS_HEAT)) return "fault";
  if (with_session && !c->armed) return "session";
  return 0;
}

static uint8_t heat_in_range(uint16_t c_deg) { return c_deg == 0 || (c_deg >= EB_HEAT_MIN_C && c_deg <= EB_HEAT_MAX_C); }

/* Every check a V, N or H line passes after its syntax, in section 8's order: the range, then,
 * for a raise (above 0) alone, the state checks, the session's limit and its heat time. Lowering
 * to 0 is always taken. */
static const char *setting_refusal(const eb_core *c, uint16_t value, uint8_t in_range, uint8_t session_limit, uint8_t is_heat) {
  if (!in_range) return "range";
  if (value == 0) return 0;
  const char *why = raise_refusal(c, is_heat, 1);
  if (why) return why;
  if (value > session_limit) return "limit";
  if (is_heat && c->heat_time_over) return "heattime";
  return 0;
}

static void taken(eb_core *c, uint8_t with_state) {
  c->last_line = c->now;
  send_text("OK");
  if (with_state) send_state(c);
}

static void heater_gate(eb_core *c);

static void execute(eb_core *c) {
  cursor k;
  k.p = c->line + 1;
  k.end = c->line + c->len;
  uint16_t n[5];
  const char *why = 0;
  if (c->len == 0) {
    refuse("syntax");
    return;
  }
  switch (c->line[0]) {
    case 'K':
      if (k.p != k.end) break;
      taken(c, 0);
      return;
    case '?':
      if (k.p != k.end) break;
      c->last_line = c->now;
      send_caps();
      send_boot(c);
      return;
    case 'R':
      if (k.p != k.end) break;
      if (c->button_down || !reached(c->now, c->button_up_since + EB_BUTTON_RELEASE_MS))
        why = "held";
      else if ((c->faults & EB_FAULT_SENSOR) && !(c->have_reading && c->reading_ok))
        why = "sensor";
      if (why) break;
      c->faults &= (uint8_t)~(EB_FAULT_BUTTON | EB_FAULT_SENSOR | EB_FAULT_RUNAWAY | EB_FAULT_STUCK);
      c->off_tracking = 0;
      taken(c, 1);
      return;
    case 'V':
      if (!take_numbers(&k, n, 1)) break;
      if ((why = setting_refusal(c, n[0], n[0] <= EB_MAX_VIBRATION, c->max_vibration, 0)) != 0) break;
      c->vibration = (uint8_t)n[0];
      taken(c, 1);
      return;
    case 'N':
      if (!take_numbers(&k, n, 2)) break;
      if ((why = setting_refusal(c, n[0], n[0] <= EB_MAX_KNEADING && n[1] <= 1, c->max_kneading, 0)) != 0) break;
      c->kneading = (uint8_t)n[0];
      c->direction = (uint8_t)n[1];
      taken(c, 1);
      return;
    case 'H':
      if (!take_numbers(&k, n, 1)) break;
      if ((why = setting_refusal(c, n[0], heat_in_range(n[0]), c->max_heat_c, 1)) != 0) break;
      if (c->heat_c != (uint8_t)n[0]) reset_heater_checks(c);
      c->heat_c = (uint8_t)n[0];
      heater_gate(c);
      taken(c, 1);
      return;
    case 'L':
      if (!take_numbers(&k, n, 5)) break;
      if (n[0] > EB_MAX_VIBRATION || n[1] > EB_MAX_KNEADING || !heat_in_range(n[2]) || n[3] < 1 || n[3] > EB_MAX_SESSION_S ||
          n[4] > n[3])
        why = "range";
      else
        why = raise_refusal(c, 1, 0);
      if (why) break;
      if (any_output_on(c)) stop_all(c, EB_STOP_NEW);
      c->armed = 1;
      c->max_vibration = (uint8_t)n[0];
      c->max_kneading = (uint8_t)n[1];
      c->max_heat_c = (uint8_t)n[2];
      c->session_end = c->now + (uint32_t)n[3] * 1000u;
      c->heat_end = c->now + (uint32_t)n[4] * 1000u;
      c->heat_time_over = n[4] == 0;
      c->next_status = c->now + 1000u;
      reset_heater_checks(c);
      taken(c, 1);
      return;
    default:
      break;
  }
  /* A case that breaks out was refused: why says what for, or it is a syntax error. */
  refuse(why ? why : "syntax");
}

uint8_t eb_byte(eb_core *c, uint8_t b) {
  uint8_t stop = eb_stopscan_feed(&c->scan, b);
  if (b == '\r') return 0;
  if (b == '\n') {
    if (stop) {
      c->last_line = c->now;
      stop_all(c, EB_STOP_CMD);
    } else if (c->len == 0 && !c->too_long) {
      /* An empty line is ignored: the app starts its stop with a newline (PROTOCOL.md section 3)
       * to end whatever partial line noise may have left. */
    } else if (c->too_long) {
      refuse("long");
    } else if (c->bad) {
      refuse("syntax");
    } else {
      execute(c);
    }
    c->len = 0;
    c->bad = 0;
    c->too_long = 0;
    return stop;
  }
  if (c->len >= EB_LINE_MAX) {
    c->too_long = 1;
    return 0;
  }
  if (b < 0x20 || b > 0x7e) c->bad = 1;
  c->line[c->len++] = (char)b;
  return 0;
}

void eb_overrun(eb_core *c) {
  /* The lost bytes may have been a stop, or the end of a line: start clean and stop. */
  c->len = 0;
  c->bad = 0;
  c->too_long = 0;
  c->scan.state = 0;
  stop_all(c, EB_STOP_OVERRUN);
}

/* ---- temperature ---- */

int16_t eb_ntc_t10(uint16_t counts) {
  if (counts >= eb_ntc_adc[0]) return EB_NTC_FIRST_C * 10;
  for (uint8_t i = 1; i < EB_NTC_COUNT; i++) {
    uint16_t hi = eb_ntc_adc[i - 1], lo = eb_ntc_adc[i];
    if (counts >= lo) {
      int16_t base = (int16_t)((EB_NTC_FIRST_C + EB_NTC_STEP_C * (int16_t)(i - 1)) * 10);
      /* Counts fall as the temperature rises: interpolate within the 2 degC row, rounding. */
      uint16_t span = (uint16_t)(hi - lo);
      uint16_t into = (uint16_t)(hi - counts);
      return (int16_t)(base + (int16_t)((into * (EB_NTC_STEP_C * 10u) + span / 2u) / span));
    }
  }
  return (int16_t)((EB_NTC_FIRST_C + EB_NTC_STEP_C * (EB_NTC_COUNT - 1)) * 10);
}

static void latch_fault(eb_core *c, uint8_t bit, uint8_t cause) {
  c->faults |= bit;
  stop_all(c, cause);
}

void eb_adc(eb_core *c, uint16_t counts) {
  c->have_reading = 1;
  if (counts > EB_ADC_OPEN_ABOVE || counts < EB_ADC_SHORT_BELOW) {
    c->reading_ok = 0;
    c->gate = 0;
    if (!(c->faults & EB_FAULT_SENSOR)) latch_fault(c, EB_FAULT_SENSOR, EB_STOP_SENSOR);
    return;
  }
  c->reading_ok = 1;
  c->t10 = eb_ntc_t10(counts);
  if (c->t10 >= EB_HOT_CUT_T10) {
    c->gate = 0;
    if (!(c->faults & EB_FAULT_HOT)) latch_fault(c, EB_FAULT_HOT, EB_STOP_HOT);
  } else if ((c->faults & EB_FAULT_HOT) && c->t10 < EB_HOT_CLEAR_T10) {
    c->faults &= (uint8_t)~EB_FAULT_HOT;
    send_state(c);
  }
}

/* ---- the clock ---- */

static void heater_checks(eb_core *c) {
  uint8_t ok = c->have_reading && c->reading_ok;
  /* Stuck heater: heating while the gate is off, whatever else is going on. */
  if (c->gate) {
    c->off_tracking = 0;
  } else if (ok) {
    if (!c->off_tracking) {
      c->off_tracking = 1;
      c->off_since = c->now;
      c->min_while_off = c->t10;
    }
    if (c->t10 < c->min_while_off) c->min_while_off = c->t10;
    if (!(c->faults & EB_FAULT_STUCK) && reached(c->now, c->off_since + EB_STUCK_OFF_MS) &&
        c->t10 >= c->min_while_off + EB_STUCK_RISE_T10 && c->t10 >= EB_STUCK_MIN_T10) {
      latch_fault(c, EB_FAULT_STUCK, EB_STOP_STUCK);
      return;
    }
  }
  if (!c->armed || !c->heat_c || !ok || (c->faults & EB_FAULTS_HEAT)) {
    reset_heater_checks(c);
    return;
  }
  int16_t set10 = (int16_t)(c->heat_c * 10);
  /* Watch heating: well below the setpoint, the reading must keep rising. */
  if (c->t10 < set10 - EB_WATCH_BELOW_T10) {
    if (!c->watching || c->t10 >= c->watch_goal) {
      c->watching = 1;
      c->watch_goal = (int16_t)(c->t10 + EB_WATCH_RISE_T10);
      c->watch_deadline = c->now + EB_WATCH_PERIOD_MS;
    } else if (reached(c->now, c->watch_deadline)) {
      latch_fault(c, EB_FAULT_RUNAWAY, EB_STOP_RUNAWAY);
      return;
    }
  } else {
    c->watching = 0;
  }
  /* Runaway once held: having reached the setpoint, the reading must not stay far below it. */
  if (c->t10 >= set10 - EB_HOLD_NEAR_T10) c->held = 1;
  if (c->held && c->t10 < set10 - EB_HOLD_DROP_T10) {
    if (!c->below) {
      c->below = 1;
      c->below_since = c->now;
    } else if (reached(c->now, c->below_since + EB_HOLD_PERIOD_MS)) {
      latch_fault(c, EB_FAULT_RUNAWAY, EB_STOP_RUNAWAY);
      return;
    }
  } else {
    c->below = 0;
  }
}

static void heater_gate(eb_core *c) {
  int16_t set10 = (int16_t)(c->heat_c * 10);
  if (!c->armed || !c->heat_c || !c->have_reading || !c->reading_ok || (c->faults & EB_FAULTS_HEAT) ||
      (c->faults & EB_FAULT_BUTTON) || c->t10 >= set10 || c->t10 >= (int16_t)(c->max_heat_c * 10) ||
      c->t10 >= EB_HOT_CUT_T10) {
    c->gate = 0;
    return;
  }
  /* Time-proportioned: on for (setpoint - reading) / 1.0 degC of each 1 s window. */
  uint32_t on_ms = (uint32_t)(set10 - c->t10) * (EB_HEAT_WINDOW_MS / 10u);
  if (!reached(c->now, c->window_start) || reached(c->now, c->window_start + EB_HEAT_WINDOW_MS)) c->window_start = c->now;
  c->gate = (c->now - c->window_start) < on_ms;
}

void eb_tick(eb_core *c, uint32_t now_ms, uint8_t link_high, uint8_t button_pressed) {
  c->now = now_ms;

  /* STOP button: any pressed sample stops, and latches. */
  if (button_pressed) {
    c->button_down = 1;
    if (!(c->faults & EB_FAULT_BUTTON)) {
      c->faults |= EB_FAULT_BUTTON;
      stop_all(c, EB_STOP_BUTTON);
    }
  } else if (c->button_down) {
    c->button_down = 0;
    c->button_up_since = now_ms;
  }

  /* STATE, debounced. */
  if ((link_high ? 1 : 0) == c->link_up) {
    c->link_changing = 0;
  } else if (!c->link_changing) {
    c->link_changing = 1;
    c->link_change_since = now_ms;
  } else if (reached(now_ms, c->link_change_since + EB_LINK_DEBOUNCE_MS)) {
    c->link_changing = 0;
    c->link_up = link_high ? 1 : 0;
    if (!c->link_up && c->armed) stop_all(c, EB_STOP_LINK);
  }

  if (c->armed && reached(now_ms, c->last_line + EB_KEEPALIVE_MS)) stop_all(c, EB_STOP_WATCHDOG);
  if (c->armed && reached(now_ms, c->session_end)) stop_all(c, EB_STOP_DEADLINE);
  if (c->armed && !c->heat_time_over && reached(now_ms, c->heat_end)) {
    c->heat_time_over = 1;
    c->heat_c = 0;
    c->gate = 0;
    send_state(c);
  }

  heater_checks(c);
  heater_gate(c);

  if (c->armed && reached(now_ms, c->next_status)) {
    c->next_status = now_ms + 1000u;
    send_state(c);
  }
}

void eb_pins_now(const eb_core *c, eb_pins *p) {
  p->vibration_duty = (uint8_t)((c->vibration * 255u) / EB_MAX_VIBRATION);
  p->kneading_duty = (uint8_t)(c->kneading * 85u);
  p->in1 = c->kneading && c->direction == 0;
  p->in2 = c->kneading && c->direction == 1;
  p->heater = c->gate;
  if (c->faults) p->led = (uint8_t)((c->now >> 8) & 1u); /* about twice a second */
  else p->led = c->armed;
}
