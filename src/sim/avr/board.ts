import { PinState } from 'avr8js';
import { CPU_HZ, Chip, REG, RESET_FLAGS } from './chip.js';
import { ntcVolts, voltsForCounts } from './ntc.js';

/**
 * The DIY board of docs/hardware/, emulated around the real firmware binary: the ATmega328P (Chip)
 * and what is wired to its pins (devices/diy-board/PROTOCOL.md section 7):
 * - D9 / D10: the vibration and kneading PWM, read from Timer 1's registers (and the pins);
 * - D7 / D8: the H-bridge direction; D3: the heater gate; D13: the LED;
 * - D2: the module's STATE pin; D4: the STOP button to ground;
 * - A0: the thermistor, whose voltage comes from a thermal model of the pad that the heater gate
 *   drives (or from a fault: open, shorted, fallen off, or a forced reading for the vectors);
 * - D0 / D1: the serial module, one byte per receive-complete at the USART's own baud rate.
 *
 * Everything runs on virtual time: nothing moves until runFor() or runUntil() is called.
 */
export interface BoardPins {
  /** D9 PWM duty, 0..255 (OCR1A while the PWM runs; 255 or 0 for a pin held high or low). */
  readonly vibrationDuty: number;
  /** D10 PWM duty, 0..255. */
  readonly kneadingDuty: number;
  readonly in1: boolean;
  readonly in2: boolean;
  readonly heater: boolean;
  readonly led: boolean;
}

export type ResetCause = 'power' | 'external' | 'brownout' | 'watchdog';

export type ThermistorCondition = 'attached' | 'open' | 'shorted' | 'detached';

export interface PadModel {
  /** Where the pad settles with the heater off (°C): the body and the chair around it. */
  readonly surroundingsC: number;
  /** Heater power when the gate is on (W): a 5 V, 2 A USB pad. */
  readonly heaterWatts: number;
  /** Thermal resistance from the pad to its surroundings (K/W). */
  readonly kelvinPerWatt: number;
  /** Heat capacity of the pad (J/K). */
  readonly joulesPerKelvin: number;
}

/** Full power would settle at 50 °C, well past the cut, so a firmware that failed to cut would show it. */
export const DEFAULT_PAD: PadModel = { surroundingsC: 30, heaterWatts: 10, kelvinPerWatt: 2, joulesPerKelvin: 150 };

const CYCLES_PER_MS = CPU_HZ / 1000;
const THERMAL_SLICE_CYCLES = 10 * CYCLES_PER_MS;
const RESET_FLAG_OF: Record<ResetCause, number> = RESET_FLAGS;

export class DiyBoard {
  chip: Chip;
  /** The pad's temperature at the thermistor's spot (°C). */
  padC: number;
  pad: PadModel;
  thermistor: ThermistorCondition = 'attached';
  /** A heater MOSFET failed short: the pad heats whatever the gate says. */
  stuckHeater = false;
  /** The vectors' "temp" and "adc": the ADC reads these counts whatever the pad does. */
  forcedCounts: number | null = null;
  /** Every line the board has sent, in order (the trailing newline removed). */
  readonly lines: string[] = [];
  /** Each reset after the first power-on, with when it happened. */
  readonly resets: { readonly cause: ResetCause; readonly atMs: number }[] = [];
  /** Bytes the board sends, as they leave its USART (for a module model). */
  onSerialOut: ((byte: number) => void) | null = null;
  /** Called at the cycle a received byte completes (its stop bit) and lands in the USART. */
  onByteReceived: ((byte: number, cycle: number) => void) | null = null;

  /** See Chip.sleepSkip; carried over to every chip after a reset. */
  sleepSkip = true;

  private readonly _flash: Uint8Array;
  private _cycleBase = 0;
  private _rxQueue: number[] = [];
  private _rxInFlight: number | null = null;
  private _partial = '';
  private _link = true;
  private _buttonPressed = false;
  private _rxWhileUnread = 0;
  private _rxOverruns = 0;

  constructor(flash: Uint8Array, pad: PadModel = DEFAULT_PAD, options: { readonly sleepSkip?: boolean; readonly padC?: number } = {}) {
    this._flash = flash;
    this.pad = pad;
    this.padC = options.padC ?? pad.surroundingsC;
    this.sleepSkip = options.sleepSkip ?? true;
    this.chip = this._newChip(RESET_FLAGS.power);
  }

  /** Virtual time since the first power-on, in cycles and milliseconds. */
  get cycles(): number {
    return this._cycleBase + this.chip.cpu.cycles;
  }

  get nowMs(): number {
    return this.cycles / CYCLES_PER_MS;
  }

  /** The module's STATE pin: high while a central is connected. */
  setLink(up: boolean): void {
    this._link = up;
    this.chip.portD.setPin(2, up);
  }

  get linkUp(): boolean {
    return this._link;
  }

  get buttonPressed(): boolean {
    return this._buttonPressed;
  }

  setButton(pressed: boolean): void {
    this._buttonPressed = pressed;
    this.chip.portD.setPin(4, !pressed);
  }

  /** Bytes from the module to the board's RX, sent one after another at the USART's baud rate. */
  writeSerial(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Array.from({ length: data.length }, (_, i) => data.charCodeAt(i) & 0xff) : [...data];
    this._rxQueue.push(...bytes);
    this._pumpRx();
  }

  /** Bytes still waiting to go to the board's RX. */
  get serialBacklog(): number {
    return this._rxQueue.length + (this._rxInFlight === null ? 0 : 1);
  }

  pins(): BoardPins {
    const { cpu, portB, portD } = this.chip;
    const d = cpu.data;
    const timerRunning = (d[REG.TCCR1B] ?? 0) & 0x07;
    const tccr1a = d[REG.TCCR1A] ?? 0;
    const high = (port: typeof portB, pin: number) => port.pinState(pin) === PinState.High;
    const duty = (comShift: number, ocr: number, pin: number): number => {
      const outputEnabled = ((d[REG.DDRB] ?? 0) >> pin) & 1;
      if (timerRunning && outputEnabled && ((tccr1a >> comShift) & 0x03) === 2) return d[ocr] ?? 0;
      return high(portB, pin) ? 255 : 0;
    };
    return {
      vibrationDuty: duty(6, REG.OCR1AL, 1),
      kneadingDuty: duty(4, REG.OCR1BL, 2),
      in1: high(portD, 7),
      in2: high(portB, 0),
      heater: high(portD, 3),
      led: high(portB, 5),
    };
  }

  /** Every output pin low (D3, D7, D8, D9, D10; the LED is not an output). */
  allOutputsLow(): boolean {
    const p = this.pins();
    return p.vibrationDuty === 0 && p.kneadingDuty === 0 && !p.in1 && !p.in2 && !p.heater;
  }

  /** Runs `ms` of virtual time. */
  runFor(ms: number): void {
    this.runToCycle(this.cycles + Math.round(ms * CYCLES_PER_MS));
  }

  /** Runs until `done()` holds (checked every millisecond) or `maxMs` passes; returns whether it held. */
  runUntil(done: () => boolean, maxMs: number): boolean {
    const end = this.cycles + Math.round(maxMs * CYCLES_PER_MS);
    while (!done()) {
      if (this.cycles >= end) return false;
      this.runToCycle(Math.min(end, this.cycles + CYCLES_PER_MS));
    }
    return true;
  }

  /**
   * Runs to an absolute cycle, in slices of up to 10 ms for the pad's thermal model (its time
   * constant is minutes; the heater gate is sampled at the end of each slice).
   */
  runToCycle(target: number): void {
    while (this.cycles < target) {
      const sliceEnd = Math.min(target, this.cycles + THERMAL_SLICE_CYCLES);
      const before = this.cycles;
      this._updateThermistor();
      this.chip.runUntil(sliceEnd - this._cycleBase);
      this._stepPad((this.cycles - before) / CPU_HZ);
      if (this.chip.watchdogFired) this._reset('watchdog');
    }
  }

  /** Power off and on again (a new chip from its reset vector); bytes in flight are lost. */
  powerCycle(cause: 'power' | 'brownout' | 'external' = 'power'): void {
    this._reset(cause);
  }

  /** Fault injection: the firmware's main loop hangs (the chip's watchdog must reset it). */
  hangMainLoop(): void {
    this.chip.hangMainLoop();
  }

  private _newChip(flags: number): Chip {
    const chip = new Chip(this._flash, flags);
    chip.sleepSkip = this.sleepSkip;
    chip.usart.onByteTransmit = (byte) => this._fromBoard(byte);
    // Inputs as they are wired now.
    chip.portD.setPin(2, this._link);
    chip.portD.setPin(4, !this._buttonPressed);
    return chip;
  }

  private _reset(cause: ResetCause): void {
    this._rxWhileUnread += this.chip.rxWhileUnread;
    this._rxOverruns += this.chip.rxOverruns;
    this._cycleBase += this.chip.cpu.cycles;
    this._rxInFlight = null;
    this._partial = '';
    this.chip = this._newChip(RESET_FLAG_OF[cause]);
    this.resets.push({ cause, atMs: this.nowMs });
    this._pumpRx();
  }

  private _pumpRx(): void {
    if (this._rxInFlight !== null) return;
    const chip = this.chip;
    while (this._rxQueue.length > 0) {
      const byte = this._rxQueue.shift() ?? 0;
      // A receiver that is not enabled yet (the chip is still starting) loses the byte, as silicon does.
      if (!chip.usart.rxEnable) continue;
      this._rxInFlight = byte;
      // One character time later its stop bit is in; a reset in between loses it (a new Chip).
      chip.cpu.addClockEvent(() => {
        if (chip !== this.chip) return;
        this._rxInFlight = null;
        if (chip.receiveByte(byte)) this.onByteReceived?.(byte, this._cycleBase + chip.cpu.cycles);
        this._pumpRx();
      }, chip.cyclesPerChar);
      return;
    }
  }

  /** Bytes that landed while one was still unread, and bytes lost to a full receive buffer (DOR0), since power-on. */
  get serialReceiveStats(): { readonly whileUnread: number; readonly overruns: number } {
    return { whileUnread: this._rxWhileUnread + this.chip.rxWhileUnread, overruns: this._rxOverruns + this.chip.rxOverruns };
  }

  private _fromBoard(byte: number): void {
    this.onSerialOut?.(byte);
    if (byte === 0x0a) {
      this.lines.push(this._partial);
      this._partial = '';
    } else if (this._partial.length < 256) {
      this._partial += String.fromCharCode(byte);
    }
  }

  private _updateThermistor(): void {
    let volts: number;
    if (this.forcedCounts !== null) volts = voltsForCounts(this.forcedCounts);
    else if (this.thermistor === 'open') volts = 5;
    else if (this.thermistor === 'shorted') volts = 0;
    else if (this.thermistor === 'detached') volts = ntcVolts(this.pad.surroundingsC);
    else volts = ntcVolts(this.padC);
    this.chip.adc.channelValues[0] = volts;
  }

  private _stepPad(seconds: number): void {
    if (seconds <= 0) return;
    const { surroundingsC, heaterWatts, kelvinPerWatt, joulesPerKelvin } = this.pad;
    const powered = this.stuckHeater || this.chip.portD.pinState(3) === PinState.High;
    const watts = (powered ? heaterWatts : 0) - (this.padC - surroundingsC) / kelvinPerWatt;
    this.padC += (watts * seconds) / joulesPerKelvin;
  }
}

/**
 * Runs a board in step with a wall clock (a page's animation frames, later): each call advances
 * the board by the wall time since the last one, capped so that a tab that slept for minutes
 * does not replay them in one frame (the board then runs slower than real time, never faster).
 */
export class RealTimeStepper {
  private _lastWallMs: number | null = null;

  constructor(
    private readonly _board: DiyBoard,
    private readonly _maxStepMs = 100,
  ) {}

  /** Advances the board to `wallNowMs` (for example `performance.now()`); returns the ms run. */
  step(wallNowMs: number): number {
    const last = this._lastWallMs;
    this._lastWallMs = wallNowMs;
    if (last === null) return 0;
    const ms = Math.min(Math.max(0, wallNowMs - last), this._maxStepMs);
    if (ms > 0) this._board.runFor(ms);
    return ms;
  }
}
