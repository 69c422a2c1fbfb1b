import {
  AVRADC,
  AVRClock,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  AVRWatchdog,
  CPU,
  adcConfig,
  avrInstruction,
  clockConfig,
  portBConfig,
  portCConfig,
  portDConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
  watchdogConfig,
} from 'avr8js';

/** The ATmega328P's clock on an Uno or Nano. */
export const CPU_HZ = 16_000_000;

/** MCUSR bits: why the chip last reset (datasheet, section 11.9.1). */
export const RESET_FLAGS = { power: 0x01, external: 0x02, brownout: 0x04, watchdog: 0x08 } as const;

/** I/O register addresses the board model reads (data space). */
export const REG = {
  PINB: 0x23,
  DDRB: 0x24,
  PORTB: 0x25,
  PIND: 0x29,
  DDRD: 0x2a,
  PORTD: 0x2b,
  MCUSR: 0x54,
  TCCR1A: 0x80,
  TCCR1B: 0x81,
  OCR1AL: 0x88,
  OCR1BL: 0x8a,
} as const;

const SLEEP_OPCODE = 0x9588;

/** USART 0 registers and bits (datasheet section 19.10). */
const UCSR0A = 0xc0;
const UCSR0B = 0xc1;
const UDR0 = 0xc6;
const RXC0 = 0x80;
const DOR0 = 0x08;
const RXEN0 = 0x10;
/** The receive buffer's depth on silicon (datasheet 19.7.4: "a two level receive buffer"). */
const RX_BUFFER_DEPTH = 2;

/** avr8js's receive-complete interrupt descriptor (private in its types; pinned version). */
interface UsartInternals {
  readonly RXC: Parameters<CPU['setInterruptFlag']>[0];
  readonly cyclesPerChar: number;
}

/** avr8js keeps its event queue private; the sleep skip needs the next event's cycle (pinned version). */
interface ClockEventPeek {
  readonly nextClockEvent: { readonly cycles: number } | null;
}

/**
 * One ATmega328P running a flash image, with the peripherals the DIY board uses. A new Chip is a
 * power-on (or any external reset): avr8js's own reset only resets the core, so the board model
 * builds a fresh Chip whenever the real chip would reset, and carries the reset flags over.
 */
export class Chip {
  readonly cpu: CPU;
  readonly portB: AVRIOPort;
  readonly portC: AVRIOPort;
  readonly portD: AVRIOPort;
  readonly usart: AVRUSART;
  readonly adc: AVRADC;
  readonly timer1: AVRTimer;
  readonly watchdog: AVRWatchdog;
  /** Set when the chip's watchdog fired: the board replaces this Chip with a fresh one. */
  watchdogFired = false;
  /** Cycles skipped while the CPU slept (for the speed figures). */
  skippedCycles = 0;
  /** Off: run SLEEP as avr8js does (a no-op), instruction by instruction; for the test of the skip. */
  sleepSkip = true;
  /** Bytes that landed while an earlier one was still unread (held by the two-level buffer). */
  rxWhileUnread = 0;
  /** Bytes lost because the receive buffer was full: the chip set DOR0 (a data overrun). */
  rxOverruns = 0;

  /** Received and not yet read from UDR0; `lostAfter`: a byte after this one was lost (DOR0). */
  private readonly _rxBuffer: { readonly byte: number; lostAfter: boolean }[] = [];

  constructor(flash: Uint8Array, resetFlags: number) {
    const program = new Uint16Array(16 * 1024);
    new Uint8Array(program.buffer).set(flash.subarray(0, 32 * 1024));
    this.cpu = new CPU(program, 2048);
    const clock = new AVRClock(this.cpu, CPU_HZ, clockConfig);
    new AVRTimer(this.cpu, timer0Config);
    this.timer1 = new AVRTimer(this.cpu, timer1Config);
    new AVRTimer(this.cpu, timer2Config);
    this.usart = new AVRUSART(this.cpu, usart0Config, CPU_HZ);
    this.adc = new AVRADC(this.cpu, adcConfig);
    this.portB = new AVRIOPort(this.cpu, portBConfig);
    this.portC = new AVRIOPort(this.cpu, portCConfig);
    this.portD = new AVRIOPort(this.cpu, portDConfig);
    this.watchdog = new AVRWatchdog(this.cpu, watchdogConfig, clock);
    const coreReset = this.cpu.reset.bind(this.cpu);
    this.cpu.reset = () => {
      coreReset();
      this.watchdogFired = true;
    };
    this.cpu.data[REG.MCUSR] = resetFlags;
    this._modelReceiveBuffer();
  }

  /** Time one character takes on the serial line at the USART's current settings, in cycles. */
  get cyclesPerChar(): number {
    return (this.usart as unknown as UsartInternals).cyclesPerChar;
  }

  /**
   * A byte's stop bit has arrived at RX (D0). Returns false when the receiver is off (the byte
   * is lost, as on silicon). A byte that finds the two-level buffer full is lost and sets DOR0,
   * which the firmware reads in UCSR0A before it reads UDR0 (the byte before the lost one).
   * Silicon would hold one more in its shift register until the next start bit: this model is
   * one character stricter.
   */
  receiveByte(byte: number): boolean {
    if (!((this.cpu.data[UCSR0B] ?? 0) & RXEN0)) return false;
    const buffer = this._rxBuffer;
    const last = buffer[buffer.length - 1];
    if (last) this.rxWhileUnread++;
    if (buffer.length >= RX_BUFFER_DEPTH && last) {
      this.rxOverruns++;
      last.lostAfter = true;
    } else buffer.push({ byte, lostAfter: false });
    this._syncReceiveFlags();
    return true;
  }

  /**
   * avr8js holds one received byte, lets the next overwrite it unnoticed, has no DOR0, and clears
   * a pending receive-complete on every UCSR0B write while the receiver stays on (so a byte that
   * landed just before the firmware switched its transmit interrupt on or off was never read:
   * the stop line's newline in the stop bench's trial 2362). Silicon clears RXC0 only when UDR0
   * is read empty, or the receiver is switched off (which flushes the buffer). This replaces
   * avr8js's receive side with the silicon behaviour; the transmit side stays avr8js's.
   */
  private _modelReceiveBuffer(): void {
    const cpu = this.cpu;
    const writeUcsrb = cpu.writeHooks[UCSR0B];
    cpu.writeHooks[UCSR0B] = (value, oldValue, address, mask) => {
      const handled = writeUcsrb?.(value, oldValue, address, mask) ?? false;
      if (!(value & RXEN0)) this._rxBuffer.length = 0;
      this._syncReceiveFlags();
      return handled;
    };
    const writeUcsra = cpu.writeHooks[UCSR0A];
    cpu.writeHooks[UCSR0A] = (value, oldValue, address, mask) => {
      const handled = writeUcsra?.(value, oldValue, address, mask) ?? false;
      this._syncReceiveFlags(); // RXC0 and DOR0 are read-only
      return handled;
    };
    cpu.readHooks[UDR0] = () => {
      const entry = this._rxBuffer.shift();
      this._syncReceiveFlags();
      return entry?.byte ?? 0;
    };
  }

  private _syncReceiveFlags(): void {
    const cpu = this.cpu;
    const rxc = (this.usart as unknown as UsartInternals).RXC;
    const front = this._rxBuffer[0];
    const flags = (cpu.data[UCSR0A] ?? 0) & ~(RXC0 | DOR0);
    if (front) {
      cpu.data[UCSR0A] = flags | (front.lostAfter ? DOR0 : 0);
      cpu.setInterruptFlag(rxc); // sets RXC0 and raises the interrupt if it is enabled
    } else {
      cpu.data[UCSR0A] = flags;
      cpu.clearInterrupt(rxc);
    }
  }

  /**
   * Runs until the cycle counter reaches `untilCycle`, or the watchdog resets the chip. While the
   * CPU sits on a SLEEP with interrupts enabled and none pending, it skips ahead to the next
   * peripheral event (avr8js runs SLEEP as a no-op: upstream issue 139); nothing can change in
   * between, so the skip changes no behaviour, only the wall time.
   */
  runUntil(untilCycle: number): void {
    const cpu = this.cpu;
    const peek = cpu as unknown as ClockEventPeek;
    const data = cpu.data;
    while (cpu.cycles < untilCycle && !this.watchdogFired) {
      if (this.sleepSkip && cpu.progMem[cpu.pc] === SLEEP_OPCODE && cpu.interruptsEnabled && cpu.nextInterrupt < 0) {
        // Asleep: only peripheral events happen until one raises an interrupt. Each event is run
        // with the I flag held clear so that the interrupt is taken after the SLEEP instruction
        // (below), returning to the instruction after it, as on silicon.
        const start = cpu.cycles;
        while (cpu.nextInterrupt < 0 && !this._resetPending()) {
          const next = peek.nextClockEvent;
          if (!next || next.cycles > untilCycle) {
            cpu.cycles = Math.max(cpu.cycles, untilCycle);
            break;
          }
          cpu.cycles = Math.max(cpu.cycles, next.cycles);
          const sreg = cpu.SREG;
          data[0x5f] = sreg & 0x7f;
          cpu.tick();
          data[0x5f] = cpu.SREG | 0x80;
        }
        this.skippedCycles += cpu.cycles - start;
        if (cpu.nextInterrupt < 0) continue;
      }
      avrInstruction(cpu);
      cpu.tick();
    }
  }

  private _resetPending(): boolean {
    return this.watchdogFired;
  }

  /** Fault injection: the main loop hangs (an endless jump), interrupts still run. */
  hangMainLoop(): void {
    // An `rjmp .-2` in the unused top of flash, and the program counter sent to it.
    const address = 16 * 1024 - 2;
    this.cpu.progMem[address] = 0xcfff;
    this.cpu.pc = address;
  }
}
