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
