/*
 * Easeback DIY board: the protocol and safety logic, in portable C99 with no AVR headers.
 *
 * Normative description: devices/diy-board/PROTOCOL.md. This file is the board's brain; the glue
 * for a chip (firmware/avr/main.c for the ATmega328P) feeds it received bytes, a millisecond clock,
 * the STATE and STOP pins and thermistor ADC samples, and applies the pin values it asks for. The
 * host tests (firmware/test/) link the same file with a pretend chip.
 *
 * The glue provides one function: eb_port_write(), which queues bytes for the serial module.
 */
#ifndef EB_CORE_H
#define EB_CORE_H

#include <stdint.h>

#define EB_VERSION "1.0.0"

/* Ranges the board reports in its CAP line (PROTOCOL.md section 2). */
#define EB_MAX_VIBRATION 10
#define EB_MAX_KNEADING 3
#define EB_HEAT_MIN_C 34
/* 40 degC: Nadler 2002 heat wrap held 40 degC (Cochrane CD004750); maker advice to stay below 40. */
#define EB_HEAT_MAX_C 40
/* 41.0 degC hard cut: IEC 60601-1 applied-part limit (IECEE DSH-422). In tenths. */
#define EB_HOT_CUT_T10 410
/* The over-temperature latch clears below 38.0 degC: judgment (3 degC hysteresis, as the Open Massager). */
#define EB_HOT_CLEAR_T10 380
/* 1200 s: superficial heat is usually applied for 15-20 minutes (safety research, section 3). */
#define EB_MAX_SESSION_S 1200
/* 5 s keep-alive watchdog: automatic stop on loss of signal (IEC 62745); 5 s is a judgment. */
#define EB_KEEPALIVE_MS 5000UL
/* Judgments from module behaviour (PROTOCOL.md section 1 and 6). */
#define EB_LINK_DEBOUNCE_MS 100UL
#define EB_BUTTON_RELEASE_MS 50UL
/* Sensor plausibility: ADC counts outside this are an open (high) or shorted (low) thermistor. */
#define EB_ADC_OPEN_ABOVE 1000
#define EB_ADC_SHORT_BELOW 30
/* Runaway and stuck-heater checks: judgments after Marlin's watch-heating and runaway checks. */
#define EB_WATCH_PERIOD_MS 120000UL
#define EB_WATCH_RISE_T10 5
#define EB_WATCH_BELOW_T10 10
#define EB_HOLD_NEAR_T10 5
#define EB_HOLD_DROP_T10 30
#define EB_HOLD_PERIOD_MS 60000UL
#define EB_STUCK_OFF_MS 30000UL
#define EB_STUCK_RISE_T10 10
#define EB_STUCK_MIN_T10 370
#define EB_HEAT_WINDOW_MS 1000UL

/* Longest command line before its newline, and longest board line (PROTOCOL.md sections 2, 4). */
#define EB_LINE_MAX 19

enum eb_reset_cause { EB_RESET_UNKNOWN, EB_RESET_POWER, EB_RESET_EXTERNAL, EB_RESET_BROWNOUT, EB_RESET_WATCHDOG };

enum eb_stop_cause {
  EB_STOP_NONE,
  EB_STOP_CMD,
  EB_STOP_BUTTON,
  EB_STOP_WATCHDOG,
  EB_STOP_LINK,
  EB_STOP_DEADLINE,
  EB_STOP_NEW,
  EB_STOP_HOT,
  EB_STOP_SENSOR,
  EB_STOP_RUNAWAY,
  EB_STOP_STUCK,
  EB_STOP_OVERRUN
};

/* Fault bits of the state line's F field. */
#define EB_FAULT_HOT 1u
#define EB_FAULT_SENSOR 2u
#define EB_FAULT_RUNAWAY 4u
#define EB_FAULT_STUCK 8u
#define EB_FAULT_BUTTON 16u
#define EB_FAULTS_HEAT (EB_FAULT_HOT | EB_FAULT_SENSOR | EB_FAULT_RUNAWAY | EB_FAULT_STUCK)

/*
 * Recognises stop lines byte by byte: a line whose first character (ignoring '\r') is 'S'.
 * The receive interrupt runs one of these to switch the pins off before the main loop sees the
 * line; the core runs its own on the same bytes, so both agree on which lines are stops.
 */
typedef struct {
  uint8_t state; /* 0 at a line start, 1 inside another line, 2 inside a stop line */
} eb_stopscan;

/* Returns 1 when b is the '\n' that ends a stop line. */
uint8_t eb_stopscan_feed(eb_stopscan *scan, uint8_t b);

/* What the glue puts on the pins. */
typedef struct {
  uint8_t vibration_duty; /* D9 (OC1A), 0..255 */
  uint8_t kneading_duty;  /* D10 (OC1B), 0..255 */
  uint8_t in1, in2;       /* D7, D8: H-bridge direction, both 0 when kneading is off */
  uint8_t heater;         /* D3: heater gate */
  uint8_t led;            /* D13 */
} eb_pins;

typedef struct {
  uint32_t now; /* ms, from the last eb_tick */

  /* line assembly */
  char line[EB_LINE_MAX];
  uint8_t len, bad, too_long;
  eb_stopscan scan;

  /* session */
  uint8_t armed, heat_time_over;
  uint8_t max_vibration, max_kneading, max_heat_c;
  uint32_t session_end, heat_end, last_line, next_status;

  /* outputs */
  uint8_t vibration, kneading, direction, heat_c, gate;

  /* inputs */
  uint8_t have_reading, reading_ok;
  int16_t t10;
  uint8_t link_up, link_changing;
  uint32_t link_change_since;
  uint8_t button_down;
  uint32_t button_up_since;

  /* faults */
  uint8_t faults, last_stop, reset_cause;

  /* heater checks */
  uint8_t watching, held, below, off_tracking;
  int16_t watch_goal, min_while_off;
  uint32_t watch_deadline, below_since, off_since, window_start;
} eb_core;

/* Starts from reset: every output off, no session, no latch; sends the BOOT line. */
void eb_init(eb_core *core, uint8_t reset_cause, uint32_t now_ms);
/* One byte from the serial module. Returns 1 when it ended a stop line (the core has stopped), so
 * that glue which switched the pins off early for that line knows the core has caught up. */
uint8_t eb_byte(eb_core *core, uint8_t b);
/* The glue lost received bytes (its buffer overflowed): one of them could have been a stop. */
void eb_overrun(eb_core *core);
/* A thermistor sample (10-bit ADC counts). */
void eb_adc(eb_core *core, uint16_t counts);
/* The clock and the two input pins: link_high is STATE, button_pressed is D4 read low. */
void eb_tick(eb_core *core, uint32_t now_ms, uint8_t link_high, uint8_t button_pressed);
/* The pins as they must be now. */
void eb_pins_now(const eb_core *core, eb_pins *pins);
/* Temperature in tenths of a degree for an ADC reading (clamped to the table's -40..130 degC). */
int16_t eb_ntc_t10(uint16_t counts);

/* Provided by the glue: queue n bytes for the serial module. */
void eb_port_write(const char *bytes, uint8_t n);

#endif
