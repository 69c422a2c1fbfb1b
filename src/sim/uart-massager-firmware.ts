import { bytes, type Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';
import { NORDIC_UART } from '../core/protocol/uart-text.js';
import { BOARD, HeatedBoard, protocolService, type BoardSnapshot } from './firmware-base.js';
import { ATT, type ReadResult, type ServiceSpec } from './peripheral.js';

/**
 * A text-line massager over the Nordic UART service, written from devices/uart-massager/PROTOCOL.md.
 * It is the kind of firmware a DIY board runs: no session, no limits of its own beyond its ranges,
 * so the app keeps every limit. What it does keep: a watchdog that stops everything when it hears
 * no line for a while, the 41 °C hard cut, stop on link loss, and never turning anything back on.
 */
export const UART_FIRMWARE = {
  ...BOARD,
  vibrationSteps: 5,
  /** Heat is set in whole degrees within this range (0 switches it off). */
  heatMinC: 34,
  heatMaxC: 40,
  /** With any output on, this long without a complete line stops everything. */
  watchdogMs: 5000,
  /** A status line this often while anything is on, so the heater reading stays fresh. */
  statusEveryMs: 1000,
} as const;

/** The reason words of a STOP line, by the cause the app knows them as. */
const STOP_WORDS: Readonly<Partial<Record<DeviceStopCause, string>>> = {
  'stop-command': 'cmd',
  'link-loss': 'link',
  'over-temperature': 'hot',
  'sensor-fault': 'sensor',
  'low-battery': 'battery',
};

export interface UartFirmwareSnapshot extends BoardSnapshot {
  /** This device has no kneading: always 0. */
  readonly kneading: number;
  /** The heat setpoint in °C, 0 when off (this family sets heat in degrees, not steps). */
  readonly heat: number;
  /** True when the last stop was the watchdog's (its cause reads as link loss to the app). */
  readonly lastStopWasWatchdog: boolean;
  /** Every complete line heard, in order (without the newline). */
  readonly linesHeard: readonly string[];
}

export class UartMassagerFirmware extends HeatedBoard<UartFirmwareSnapshot> {
  readonly family = 'uart-text-v1' as const;
  // Real boards' TX only notifies; reading the last status line helps a central catch up after connecting.
  readonly services: readonly ServiceSpec[] = [protocolService(NORDIC_UART.service, { command: NORDIC_UART.rx, state: NORDIC_UART.tx })];

  private readonly _lines: string[] = [];
  private _input = '';
  private _inputSpoiled = false;
  private _lastHeardAt: number;
  private _vibration = 0;
  private _setpoint = 0;
  private _watchdogStop = false;
  private _lastStatusAt = -Infinity;
  private _lastStatus = '';

  constructor(options: { readonly name?: string; readonly batteryPercent?: number; readonly now?: number } = {}) {
    super(options, 'EB-UART Sim');
    this._lastHeardAt = this._now;
  }

  override connect(now: number): void {
    super.connect(now);
    this._lastHeardAt = now;
  }

  override linkLost(now: number): void {
    this._input = '';
    super.linkLost(now);
  }

  read(characteristic: string, now: number): ReadResult {
    this.tick(now);
    if (characteristic === NORDIC_UART.tx) return { code: 0, value: ascii(`${this._statusLine()}\n`) };
    if (characteristic === NORDIC_UART.rx) return { code: ATT.readNotPermitted };
    return { code: ATT.attributeNotFound };
  }

  /** Bytes may carry part of a line, or several: only a newline makes a command. */
  write(characteristic: string, value: Uint8Array, now: number): number {
    this.tick(now);
    if (characteristic !== NORDIC_UART.rx) return ATT.writeNotPermitted;
    for (const byte of value) {
      if (byte === 0x0a) {
        const line = this._input.replace(/\r$/, '');
        const spoiled = this._inputSpoiled;
        this._input = '';
        this._inputSpoiled = false;
        this._lastHeardAt = this._now;
        if (spoiled) this._reply('ERR syntax');
        else this._command(line);
      } else if (this._input.length >= NORDIC_UART.maxLine || (byte < 0x20 && byte !== 0x0d) || byte > 0x7e) {
        this._inputSpoiled = true;
      } else if (!this._inputSpoiled) {
        this._input += String.fromCharCode(byte);
      }
    }
    return ATT.success;
  }

  snapshot(): UartFirmwareSnapshot {
    return {
      ...this._boardSnapshot(),
      vibration: this._vibration,
      kneading: 0,
      heat: this._setpoint,
      lastStopWasWatchdog: this._watchdogStop,
      linesHeard: [...this._lines],
    };
  }

  protected _dueTimes(): readonly (number | null)[] {
    // Land exactly on the watchdog's moment so the stop happens when it is due.
    return [this._anyOn() ? this._lastHeardAt + UART_FIRMWARE.watchdogMs : null];
  }

  protected _drawPerMinute(): number {
    return 0.01 + 0.03 * this._vibration;
  }

  protected _setpointC(): number {
    return this._setpoint;
  }

  protected _afterStep(): void {
    if (this._anyOn() && this._now - this._lastHeardAt >= UART_FIRMWARE.watchdogMs) {
      // Silence means the app (or the link) is gone: the watchdog's STOP names itself.
      this._stopAll('link-loss', true);
      this._reply('STOP watchdog');
    }
  }

  protected _active(): boolean {
    return this._anyOn();
  }

  private _command(line: string): void {
    this._lines.push(line);
    const parsed = /^([SKVH])(\d{0,3})$/.exec(line);
    const verb = parsed?.[1];
    const digits = parsed?.[2] ?? '';
    if (verb === 'S' && digits === '') {
      // Stop is taken in every state: it must never be refused.
      this._stopAll('stop-command');
      this._reply('STOP cmd');
      this._publish(true);
      return;
    }
    if (verb === 'K' && digits === '') return this._reply('OK');
    if ((verb !== 'V' && verb !== 'H') || digits === '') return this._reply('ERR syntax');
    const value = Number(digits);
    if (verb === 'V') {
      if (value > UART_FIRMWARE.vibrationSteps) return this._reply('ERR range');
      if (value > 0) {
        const refusal = this._mayRaise();
        if (refusal) return this._reply(refusal);
      }
      this._vibration = value;
    } else {
      if (value !== 0 && (value < UART_FIRMWARE.heatMinC || value > UART_FIRMWARE.heatMaxC)) return this._reply('ERR range');
      if (value > 0) {
        const refusal = this._mayRaise();
        if (refusal) return this._reply(refusal);
      }
      this._setpoint = value;
      if (value === 0) this._energized = false;
    }
    this._reply('OK');
    this._publish(true);
  }

  /** Turning anything up needs no fault and enough battery; turning down never needs anything. */
  private _mayRaise(): string | null {
    if (this._faultLatched()) return 'ERR fault';
    if (this._batteryLow()) return 'ERR battery';
    return null;
  }

  /** The board's own protections say so in a line. */
  protected override _protectiveStop(cause: DeviceStopCause): void {
    this._stopAll(cause);
    this._reply(`STOP ${STOP_WORDS[cause] ?? 'cmd'}`);
  }

  protected _stopAll(cause: DeviceStopCause, watchdog = false): void {
    this._vibration = 0;
    this._setpoint = 0;
    this._watchdogStop = watchdog;
    this._recordStop(cause);
  }

  private _anyOn(): boolean {
    return this._vibration > 0 || this._setpoint > 0;
  }

  private _statusLine(): string {
    const sensed = this._sensedC();
    const faults = this._faultFlags({ overTemperature: 1, sensorFault: 2, lowBattery: 4 });
    return `ST V${this._vibration} H${this._setpoint} T${sensed === null ? '--' : sensed.toFixed(1)} F${faults}`;
  }

  /** A status line on any change of what it says, and every second while anything is on. */
  protected _publish(force: boolean): void {
    if (!this._connected) return;
    const line = this._statusLine();
    const due = this._anyOn() && this._now - this._lastStatusAt >= UART_FIRMWARE.statusEveryMs;
    // The temperature alone changing does not make a line when nothing is on: a cooling pad would chatter.
    const changed = line.replace(/ T\S+/, '') !== this._lastStatus.replace(/ T\S+/, '');
    if (!force && !due && !changed) return;
    this._lastStatus = line;
    this._lastStatusAt = this._now;
    this._reply(line);
  }

  private _reply(line: string): void {
    if (this._connected) this._emit(NORDIC_UART.tx, ascii(`${line}\n`));
  }
}

function ascii(text: string): Bytes {
  return bytes(...new TextEncoder().encode(text));
}
