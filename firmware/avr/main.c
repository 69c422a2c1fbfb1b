/*
 * Easeback DIY board: the thin ATmega328P glue around the portable core (core/eb_core.c).
 *
 * Pins (PROTOCOL.md section 7): D0/D1 USART to the BLE module, D2 STATE, D3 heater gate, D4 STOP
 * button (pull-up), D7/D8 H-bridge IN1/IN2, D9 OC1A vibration PWM, D10 OC1B kneading PWM,
 * D13 LED, A0 thermistor.
 *
 * Everything the core decides is applied from the main loop. Two things do not wait for it:
 * a stop line switches the output pins off in the receive interrupt, and a pressed STOP button
 * does the same in the 1 kHz tick interrupt, so a stop never waits behind the loop.
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>

#include "../core/eb_core.h"

#define BAUD 9600UL
#define UBRR_VALUE ((F_CPU / 16UL / BAUD) - 1UL)

/* D8 PB0, D9 PB1 (OC1A), D10 PB2 (OC1B), D13 PB5; D2 PD2, D3 PD3, D4 PD4, D7 PD7. */
#define PINB_IN2 _BV(PB0)
#define PINB_VIB _BV(PB1)
#define PINB_KNEAD _BV(PB2)
#define PINB_LED _BV(PB5)
#define PIND_STATE _BV(PD2)
#define PIND_HEATER _BV(PD3)
#define PIND_BUTTON _BV(PD4)
#define PIND_IN1 _BV(PD7)

/* Fast PWM 8-bit, clk/256: about 244 Hz, plenty for DC motors. A slower prescaler also keeps the
 * emulated board fast: avr8js does work on every prescaler tick. */
#define TIMER1_RUN (_BV(WGM12) | _BV(CS12))

#define CORE_TICK_MS 10u
#define RX_SIZE 64u /* powers of two: the indices wrap with a mask */
#define TX_SIZE 128u

static volatile uint8_t rx_buf[RX_SIZE];
static volatile uint8_t rx_head, rx_tail, rx_overrun;
static volatile uint8_t tx_buf[TX_SIZE];
static volatile uint8_t tx_head, tx_tail;
static volatile uint32_t ms_clock;
static volatile uint8_t fast_stops;    /* stop lines the receive interrupt has acted on */
static volatile uint8_t button_seen;   /* the tick interrupt saw the button pressed */
static eb_stopscan isr_scan;
static eb_core core;

/* MCUSR holds why the chip reset; read it before anything clears it, and stop the watchdog
 * (after a watchdog reset it stays enabled, at its shortest period). */
static uint8_t reset_flags __attribute__((section(".noinit")));
void early_init(void) __attribute__((naked, used, section(".init3")));
void early_init(void) {
  reset_flags = MCUSR;
  MCUSR = 0;
  wdt_disable();
}

/* Every output pin low: PWM outputs disconnected first, then the port bits cleared. */
static inline void outputs_off(void) {
  TCCR1A = _BV(WGM10);
  PORTB &= (uint8_t) ~(PINB_IN2 | PINB_VIB | PINB_KNEAD);
  PORTD &= (uint8_t) ~(PIND_HEATER | PIND_IN1);
}

ISR(USART_RX_vect) {
  /* DOR0 belongs to the byte in UDR0, so it is read first: set, the USART's own two-byte buffer
   * was full and a byte after this one was lost (silicon's data overrun). Either way a byte is
   * gone and could have been a stop, or the newline that ended one: the same as a full ring. */
  uint8_t lost = UCSR0A & _BV(DOR0);
  uint8_t b = UDR0;
  uint8_t next = (uint8_t)((rx_head + 1u) & (RX_SIZE - 1u));
  if (lost || next == rx_tail) {
    rx_overrun = 1;
    outputs_off(); /* a lost byte could have been a stop */
  } else {
    rx_buf[rx_head] = b;
    rx_head = next;
  }
  if (eb_stopscan_feed(&isr_scan, b)) {
    outputs_off();
    fast_stops++;
  }
}

ISR(USART_UDRE_vect) {
  /* avr8js clears the data-register-empty flag when this interrupt is entered (silicon does not):
   * so switch it off as the last byte goes out, never entering it with nothing to send. */
  if (tx_head != tx_tail) {
    UDR0 = tx_buf[tx_tail];
    tx_tail = (uint8_t)((tx_tail + 1u) & (TX_SIZE - 1u));
  }
  if (tx_head == tx_tail) UCSR0B &= (uint8_t)~_BV(UDRIE0);
}

ISR(TIMER2_COMPA_vect) {
  /* One tick is 1.024 ms (below): carry the extra 24 us so the clock keeps true milliseconds. */
  static uint16_t extra_us;
  ms_clock++;
  extra_us += 24u;
  if (extra_us >= 1000u) {
    extra_us -= 1000u;
    ms_clock++;
  }
  if (!(PIND & PIND_BUTTON)) {
    outputs_off();
    button_seen = 1;
  }
}

void eb_port_write(const char *bytes, uint8_t n) {
  for (uint8_t i = 0; i < n; i++) {
    uint8_t next = (uint8_t)((tx_head + 1u) & (TX_SIZE - 1u));
    while (next == tx_tail) {
      /* Full: wait for the interrupt to drain it. */
    }
    tx_buf[tx_head] = (uint8_t)bytes[i];
    cli();
    tx_head = next;
    UCSR0B |= _BV(UDRIE0);
    sei();
  }
}

static uint32_t now_ms(void) {
  cli();
  uint32_t t = ms_clock;
  sei();
  return t;
}

static void apply(const eb_pins *p) {
  if (p->vibration_duty || p->kneading_duty) {
    OCR1A = p->vibration_duty;
    OCR1B = p->kneading_duty;
    /* A duty of 0 in fast PWM still pulses once a period: disconnect that output instead. */
    TCCR1A = (uint8_t)(_BV(WGM10) | (p->vibration_duty ? _BV(COM1A1) : 0) | (p->kneading_duty ? _BV(COM1B1) : 0));
    if (TCCR1B != TIMER1_RUN) TCCR1B = TIMER1_RUN;
  } else {
    TCCR1A = _BV(WGM10);
    TCCR1B = 0; /* stopped while both motors are off: nothing to count */
    TCNT1 = 0;
  }
  PORTB &= (uint8_t) ~(PINB_VIB | PINB_KNEAD);
  if (p->in2) PORTB |= PINB_IN2;
  else PORTB &= (uint8_t)~PINB_IN2;
  if (p->in1) PORTD |= PIND_IN1;
  else PORTD &= (uint8_t)~PIND_IN1;
  if (p->heater) PORTD |= PIND_HEATER;
  else PORTD &= (uint8_t)~PIND_HEATER;
  if (p->led) PORTB |= PINB_LED;
  else PORTB &= (uint8_t)~PINB_LED;
}

static uint8_t reset_cause(uint8_t flags) {
  if (flags & _BV(WDRF)) return EB_RESET_WATCHDOG;
  if (flags & _BV(BORF)) return EB_RESET_BROWNOUT;
  if (flags & _BV(EXTRF)) return EB_RESET_EXTERNAL;
  if (flags & _BV(PORF)) return EB_RESET_POWER;
  return EB_RESET_UNKNOWN;
}

static uint16_t adc_read_blocking(void) {
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {
  }
  return ADC;
}

int main(void) {
  /* Outputs low before they become outputs. */
  PORTB = 0;
  PORTD = PIND_BUTTON; /* pull-up on the button; STATE has none (a loose wire reads as link loss) */
  DDRB = PINB_IN2 | PINB_VIB | PINB_KNEAD | PINB_LED;
  DDRD = PIND_HEATER | PIND_IN1;

  TCCR1A = _BV(WGM10);
  TCCR1B = 0;

  /* The tick: timer 2, CTC, clk/1024, 16 counts = 1.024 ms (976.5625 Hz). The slowest prescaler,
   * because avr8js does work on every prescaler tick and the emulated board must run fast. */
  TCCR2A = _BV(WGM21);
  TCCR2B = _BV(CS22) | _BV(CS21) | _BV(CS20);
  OCR2A = 15;
  TIMSK2 = _BV(OCIE2A);

  /* ADC on A0 against AVcc, clk/128. */
  ADMUX = _BV(REFS0);
  ADCSRA = _BV(ADEN) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);

  UBRR0H = (uint8_t)(UBRR_VALUE >> 8);
  UBRR0L = (uint8_t)UBRR_VALUE;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);

  eb_init(&core, reset_cause(reset_flags), 0);
  eb_adc(&core, adc_read_blocking());

  wdt_enable(WDTO_500MS);
  set_sleep_mode(SLEEP_MODE_IDLE);
  sei();

  uint32_t last_tick = 0, last_adc = 0;
  uint8_t adc_busy = 0;
  uint8_t changed = 1;
  /* Stop lines the core has taken. While it is behind the receive interrupt (fast_stops), a stop
   * line is still waiting in the ring behind other lines: the pins stay as that interrupt left
   * them, off, and the core's older state is not applied over them. */
  uint8_t stops_taken = 0;
  for (;;) {
    if (rx_overrun) {
      /* Bytes were lost, maybe a stop. Drop every byte still held as well: a line that came
       * before a lost stop must not be taken after the stop (a limits line would arm a session
       * the person had stopped). The interrupt's scanner and the core both start a fresh line
       * here, so they agree again on which lines are stops. */
      cli();
      rx_tail = rx_head;
      rx_overrun = 0;
      isr_scan.state = 0;
      stops_taken = fast_stops;
      sei();
      eb_overrun(&core);
      changed = 1;
    }
    /* At most one line a pass: a line's replies can wait for room in the transmit ring, and a
     * pass that answered a whole ring of lines could outlast the chip watchdog (a flood of lines
     * reset the chip in a loop before this). The loop comes round, and feeds it, between lines. */
    while (rx_tail != rx_head) {
      changed = 1;
      uint8_t b = rx_buf[rx_tail];
      rx_tail = (uint8_t)((rx_tail + 1u) & (RX_SIZE - 1u));
      if (eb_byte(&core, b)) stops_taken++;
      if (b == '\n') break;
    }

    uint32_t t = now_ms();
    /* The core's rules run every CORE_TICK_MS: its times are seconds and 100 ms debounces, and
     * the tick interrupt switches the pins off at once for the button without waiting for it. */
    if ((uint32_t)(t - last_tick) >= CORE_TICK_MS || button_seen) {
      changed = 1;
      /* The watchdog is fed only while the tick advances and the loop comes round. */
      wdt_reset();
      last_tick = t;
      uint8_t pressed = !(PIND & PIND_BUTTON);
      if (button_seen) {
        button_seen = 0;
        pressed = 1;
      }
      eb_tick(&core, t, (PIND & PIND_STATE) != 0, pressed);
      if (!adc_busy && (uint32_t)(t - last_adc) >= 100u) {
        last_adc = t;
        ADCSRA |= _BV(ADSC);
        adc_busy = 1;
      }
    }
    if (adc_busy && !(ADCSRA & _BV(ADSC))) {
      adc_busy = 0;
      eb_adc(&core, ADC);
      changed = 1;
    }

    eb_pins pins;
    if (changed) eb_pins_now(&core, &pins);
    cli();
    /* A stop line the receive interrupt has acted on but the core has not taken yet has
     * switched the pins off: leave them off until the core has taken it (changed stays set). */
    if (changed && fast_stops == stops_taken && !rx_overrun && !button_seen) {
      apply(&pins);
      changed = 0;
    }
    if (rx_tail == rx_head && !changed && !adc_busy && !button_seen) {
      sleep_enable();
      sei();
      sleep_cpu(); /* the next interrupt (tick, byte) wakes it */
      sleep_disable();
    }
    sei();
  }
}
