import type { Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';
import { DIY_BOARD, diyStopCause } from '../core/protocol/diy-board.js';
import { NORDIC_UART } from '../core/protocol/uart-text.js';
import type { BoardPins, DiyBoard, ResetCause } from './avr/board.js';
import type { BoardSnapshot, FirmwareFault, SimulatedMassager } from './firmware-base.js';
import { ATT, type NotifyListener, type ReadResult, type ServiceSpec } from './peripheral.js';

/** Which BLE serial module sits between the radio and the board's USART (devices/diy-board/PROTOCOL.md §1). */
export type SerialModuleKind = 'hm10' | 'nus';

export interface DiyBoardSnapshot extends BoardSnapshot {
  /** What each output pin does now: this is what the motors and the heater really get. */
  readonly pins: BoardPins;
  readonly direction: 'clockwise' | 'counterclockwise' | 'off';
  /** The module's STATE pin (D2), which follows the BLE connection. */
  readonly statePin: boolean;
  readonly buttonPressed: boolean;
  /** From the board's latest state line: a session is armed (A1). */
  readonly armed: boolean;
  /** From the board's latest state line: its fault bits (F). */
  readonly faultBits: number;
  /** Every line the board sent since power-on, without its newline. */
  readonly boardLines: readonly string[];
  /** Every complete line the app wrote, without its newline. */
  readonly linesHeard: readonly string[];
  readonly resets: readonly { readonly cause: ResetCause; readonly atMs: number }[];
}

export interface DiyBoardOptions {
  readonly name?: string;
  readonly module?: SerialModuleKind;
  /** The host's clock at power-on (the board's time 0). */
  readonly now?: number;
  /**
   * At most this much board time is run per tick. A page sets it, so that a tab that slept does
   * not replay minutes in one go (the board then runs behind real time, never ahead); the
   * browser tests' fixture leaves it unbounded, so the board keeps to the fixture's clock.
   */
  readonly maxStepMs?: number;
  /**
   * For tests only: rewrites each whole line the board sends before the module passes it on, to
   * stand for a board built with other compiled-in values (a CAP line with narrower ranges) than
   * the committed binary has. Null or absent: the bytes pass as the board sent them.
   */
  readonly rewriteBoardLine?: (line: string) => string;
}

function servicesOf(module: SerialModuleKind): readonly ServiceSpec[] {
  if (module === 'hm10') {
    return [
      {
        uuid: DIY_BOARD.hm10.service,
        characteristics: [{ uuid: DIY_BOARD.hm10.data, properties: { write: true, writeWithoutResponse: true, notify: true } }],
      },
    ];
  }
  return [
    {
      uuid: NORDIC_UART.service,
      characteristics: [
        { uuid: NORDIC_UART.rx, properties: { write: true, writeWithoutResponse: true } },
        { uuid: NORDIC_UART.tx, properties: { notify: true } },
      ],
    },
  ];
}

/**
 * The DIY board as a Bluetooth peripheral: the real firmware binary (firmware/easeback-diy.hex)
 * running on the emulated ATmega328P (./avr/board.ts), behind a model of its BLE serial module.
 * - A write goes into the board's USART at 9600 baud, byte after byte; a write longer than 20
 *   bytes is refused, as a module at the default ATT MTU refuses it.
 * - What the board sends comes back as notifications of at most 20 bytes, cut wherever the
 *   20 bytes end: a line may be split across two, and one may carry the end of one line and the
 *   start of the next.
 * - The module's STATE pin follows the connection: high while connected, low on link loss.
 * The board runs on the host's clock (tick), so the browser tests' fixture and the page drive it
 * the same way as the other simulated firmwares.
 */
export class DiyBoardPeripheral implements SimulatedMassager<DiyBoardSnapshot> {
  readonly name: string;
  readonly services: readonly ServiceSpec[];
  readonly module: SerialModuleKind;

  private readonly _listeners = new Set<NotifyListener>();
  private readonly _notifying = new Set<string>();
  private _startNow: number;
  private readonly _maxStepMs: number;
  private readonly _rx: string;
  private readonly _tx: string;
  private _out: number[] = [];
  private _connected = false;
  private _linesSeen = 0;
  private _lastStop: DeviceStopCause = 'none';
  private _stopCount = 0;
  private _armed = false;
  private _heatC = 0;
  private _faultBits = 0;
  private _partialIn = '';
  private readonly _linesHeard: string[] = [];
  private readonly _rewrite: ((line: string) => string) | null;
  private _rewritePending: number[] = [];

  constructor(
    readonly board: DiyBoard,
    options: DiyBoardOptions = {},
  ) {
    this.name = options.name ?? 'EB-DIY Sim';
    this.module = options.module ?? 'hm10';
    this.services = servicesOf(this.module);
    this._rx = this.module === 'hm10' ? DIY_BOARD.hm10.data : NORDIC_UART.rx;
    this._tx = this.module === 'hm10' ? DIY_BOARD.hm10.data : NORDIC_UART.tx;
    this._startNow = (options.now ?? 0) - board.nowMs;
    this._maxStepMs = options.maxStepMs ?? Infinity;
    // Nobody is connected at power-on: the module holds STATE low.
    board.setLink(false);
    this._rewrite = options.rewriteBoardLine ?? null;
    board.onSerialOut = (byte) => (this._rewrite ? this._rewriteByte(byte) : this._out.push(byte));
  }

  connect(now: number): void {
    this.tick(now);
    this._connected = true;
    this.board.setLink(true);
  }

  linkLost(now: number): void {
    this.tick(now);
    this._connected = false;
    this._notifying.clear();
    this._out = [];
    this.board.setLink(false);
  }

  read(_characteristic: string, now: number): ReadResult {
    this.tick(now);
    return { code: ATT.readNotPermitted };
  }

  write(characteristic: string, value: Uint8Array, now: number): number {
    this.tick(now);
    if (characteristic !== this._rx) return ATT.writeNotPermitted;
    if (value.length > DIY_BOARD.maxWriteBytes) return ATT.invalidAttributeLength;
    for (const byte of value) {
      if (byte === 0x0a) {
        this._linesHeard.push(this._partialIn);
        this._partialIn = '';
      } else if (this._partialIn.length < 256) this._partialIn += String.fromCharCode(byte);
    }
    this.board.writeSerial(value);
    return ATT.success;
  }

  setNotifying(characteristic: string, enabled: boolean): void {
    if (enabled) this._notifying.add(characteristic);
    else this._notifying.delete(characteristic);
  }

  tick(now: number): void {
    const due = now - this._startNow - this.board.nowMs;
    if (due > 0) this.board.runFor(Math.min(due, this._maxStepMs));
    if (this._maxStepMs !== Infinity && due > this._maxStepMs) {
      // Behind real time: the board's clock is moved on, not its firmware's time.
      this._startNow += due - this._maxStepMs;
    }
    this._readLines();
    this._flush();
  }

  onNotify(listener: NotifyListener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  inject(fault: FirmwareFault): void {
    switch (fault.kind) {
      case 'heater-temperature':
        this.board.padC = fault.celsius;
        break;
      case 'heater-runaway':
        // A MOSFET failed short: the pad heats whatever the gate says.
        this.board.stuckHeater = true;
        break;
      case 'sensor-fault':
        this.board.thermistor = 'open';
        break;
      case 'battery':
        // The board runs from USB: there is no battery to fail.
        break;
    }
  }

  /** The STOP button on the board (D4 to ground). */
  setButton(pressed: boolean, now: number): void {
    this.tick(now);
    this.board.setButton(pressed);
  }

  snapshot(): DiyBoardSnapshot {
    const pins = this.board.pins();
    return {
      connected: this._connected,
      vibration: Math.round((pins.vibrationDuty * 10) / 255),
      kneading: Math.round(pins.kneadingDuty / 85),
      heat: this._heatC,
      lastStop: this._lastStop,
      stopCount: this._stopCount,
      heaterC: this.board.padC,
      heaterEnergized: pins.heater || this.board.stuckHeater,
      batteryPercent: 100,
      overTemperature: (this._faultBits & 1) !== 0,
      sensorFault: (this._faultBits & 2) !== 0,
      lowBattery: false,
      now: this._startNow + this.board.nowMs,
      pins,
      direction: pins.in1 && !pins.in2 ? 'clockwise' : pins.in2 && !pins.in1 ? 'counterclockwise' : 'off',
      statePin: this.board.linkUp,
      buttonPressed: this.board.buttonPressed,
      armed: this._armed,
      faultBits: this._faultBits,
      boardLines: [...this.board.lines],
      linesHeard: [...this._linesHeard],
      resets: [...this.board.resets],
    };
  }

  /** Follows the board's own lines for what the pins cannot say: stops, the session, the setpoint. */
  private _readLines(): void {
    const lines = this.board.lines;
    for (; this._linesSeen < lines.length; this._linesSeen++) {
      const line = lines[this._linesSeen] ?? '';
      const stop = /^STOP ([a-z]+)$/.exec(line);
      if (stop) {
        this._lastStop = diyStopCause(stop[1] ?? '');
        this._stopCount++;
        continue;
      }
      const state = /^ST A([01]) V\d+ N\d,\d H(\d+) G[01] T\S+ S\d+ E\d+ F(\d+)/.exec(line);
      if (state) {
        this._armed = state[1] === '1';
        this._heatC = Number(state[2]);
        this._faultBits = Number(state[3]);
      }
      if (line.startsWith('BOOT ')) {
        this._armed = false;
        this._heatC = 0;
        this._faultBits = 0;
      }
    }
  }

  private _rewriteByte(byte: number): void {
    if (byte !== 0x0a) {
      this._rewritePending.push(byte);
      return;
    }
    const line = String.fromCharCode(...this._rewritePending);
    this._rewritePending = [];
    const rewritten = this._rewrite ? this._rewrite(line) : line;
    for (const c of `${rewritten}\n`) this._out.push(c.charCodeAt(0) & 0xff);
  }

  /** The module sends what it has, 20 bytes at most per notification. */
  private _flush(): void {
    if (!this._connected || !this._notifying.has(this._tx)) {
      this._out = [];
      return;
    }
    while (this._out.length > 0) {
      const chunk = this._out.splice(0, DIY_BOARD.maxWriteBytes);
      const value: Bytes = new Uint8Array(new ArrayBuffer(chunk.length));
      value.set(chunk);
      for (const listener of this._listeners) listener(this._tx, value);
    }
  }
}
