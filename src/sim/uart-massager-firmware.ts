import { bytes, type Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';
import { NORDIC_UART } from '../core/protocol/uart-text.js';
import type { FirmwareFault } from './open-massager-firmware.js';
import { ATT, type NotifyListener, type ReadResult, type ServiceSpec, type SimulatedPeripheral } from './peripheral.js';

/**
 * A text-line massager over the Nordic UART service, written from devices/uart-massager/PROTOCOL.md.
 * It is the kind of firmware a DIY board runs: no session, no limits of its own beyond its ranges,
 * so the app keeps every limit. What it does keep: a watchdog that stops everything when it hears
 * no line for a while, the 41 °C hard cut, stop on link loss, and never turning anything back on.
 */
export const UART_FIRMWARE = {
  vibrationSteps: 5,
  /** Heat is set in whole degrees within this range (0 switches it off). */
  heatMinC: 34,
  heatMaxC: 40,
  /** Hard cut (IEC 60601-1 applied-part limit, IECEE DSH-422: 41 °C). */
  hardCutC: 41,
  faultClearsBelowC: 38,
  /** With any output on, this long without a complete line stops everything. */
  watchdogMs: 5000,
  lowBatteryCutoffPercent: 5,
  ambientC: 31,
  elementC: 46,
  heatingTimeConstantMs: 150_000,
  coolingTimeConstantMs: 400_000,
  maxStepMs: 250,
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

export interface UartFirmwareSnapshot {
  readonly connected: boolean;
  readonly vibration: number;
  /** This device has no kneading: always 0. */
  readonly kneading: number;
  /** The heat setpoint in °C, 0 when off (this family sets heat in degrees, not steps). */
  readonly heat: number;
  readonly heaterC: number;
  readonly heaterEnergized: boolean;
  readonly batteryPercent: number;
  readonly overTemperature: boolean;
  readonly sensorFault: boolean;
  readonly lowBattery: boolean;
  readonly lastStop: DeviceStopCause;
  /** True when the last stop was the watchdog's (its cause reads as link loss to the app). */
  readonly lastStopWasWatchdog: boolean;
  readonly stopCount: number;
  /** Every complete line heard, in order (without the newline). */
  readonly linesHeard: readonly string[];
  readonly now: number;
}

export class UartMassagerFirmware implements SimulatedPeripheral {
  readonly family = 'uart-text-v1' as const;
  readonly name: string;
  readonly services: readonly ServiceSpec[] = [
    {
      uuid: NORDIC_UART.service,
      characteristics: [
        { uuid: NORDIC_UART.rx, properties: { write: true, writeWithoutResponse: true } },
        // Real boards only notify; reading the last status line helps a central catch up after connecting.
        { uuid: NORDIC_UART.tx, properties: { read: true, notify: true } },
      ],
    },
  ];

  private readonly _listeners = new Set<NotifyListener>();
  private readonly _notifying = new Set<string>();
  private readonly _lines: string[] = [];
  private _now: number;
  private _connected = false;
  private _input = '';
  private _inputSpoiled = false;
  private _lastHeardAt: number;
  private _vibration = 0;
  private _setpointC = 0;
  private _heaterC: number = UART_FIRMWARE.ambientC;
  private _energized = false;
  private _runaway = false;
  private _forcedC: number | null = null;
  private _sensorFault = false;
  private _overTemperature = false;
  private _battery: number;
  private _lastStop: DeviceStopCause = 'none';
  private _watchdogStop = false;
  private _stopCount = 0;
  private _lastStatusAt = -Infinity;
  private _lastStatus = '';

  constructor(options: { readonly name?: string; readonly batteryPercent?: number; readonly now?: number } = {}) {
    this.name = options.name ?? 'EB-UART Sim';
    this._battery = options.batteryPercent ?? 100;
    this._now = options.now ?? 0;
    this._lastHeardAt = this._now;
  }

  connect(now: number): void {
    this.tick(now);
    this._connected = true;
    this._lastHeardAt = now;
  }

  linkLost(now: number): void {
    this.tick(now);
    this._connected = false;
    this._notifying.clear();
    this._input = '';
    this._stopAll('link-loss', false);
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

  setNotifying(characteristic: string, enabled: boolean): void {
    if (enabled) this._notifying.add(characteristic);
    else this._notifying.delete(characteristic);
  }

  onNotify(listener: NotifyListener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  inject(fault: FirmwareFault): void {
    switch (fault.kind) {
      case 'heater-temperature':
        this._forcedC = fault.celsius;
        break;
      case 'heater-runaway':
        this._runaway = true;
        break;
      case 'sensor-fault':
        this._sensorFault = true;
        break;
      case 'battery':
        this._battery = fault.percent;
        break;
    }
    this._checkProtections();
    this._sendStatus(true);
  }

  snapshot(): UartFirmwareSnapshot {
    return {
      connected: this._connected,
      vibration: this._vibration,
      kneading: 0,
      heat: this._setpointC,
      heaterC: Math.round((this._sensedC() ?? UART_FIRMWARE.ambientC) * 10) / 10,
      heaterEnergized: this._energized,
      batteryPercent: Math.floor(this._battery),
      overTemperature: this._overTemperature,
      sensorFault: this._sensorFault,
      lowBattery: this._battery <= UART_FIRMWARE.lowBatteryCutoffPercent,
      lastStop: this._lastStop,
      lastStopWasWatchdog: this._watchdogStop,
      stopCount: this._stopCount,
      linesHeard: [...this._lines],
      now: this._now,
    };
  }

  tick(now: number): void {
    while (this._now < now) {
      let step = Math.min(UART_FIRMWARE.maxStepMs, now - this._now);
      // Land exactly on the watchdog's moment so the stop happens when it is due.
      const bite = this._lastHeardAt + UART_FIRMWARE.watchdogMs;
      if (this._anyOn() && bite > this._now && bite - this._now < step) step = bite - this._now;
      this._step(step);
    }
    this._sendStatus(false);
  }

  private _step(ms: number): void {
    this._now += ms;
    const minutes = ms / 60_000;
    this._battery = Math.max(0, this._battery - minutes * (0.01 + 0.03 * this._vibration + (this._energized ? 0.4 : 0)));
    if (this._runaway) this._energized = true;
    else if (this._setpointC === 0 || this._heaterC >= this._setpointC) this._energized = false;
    else if (this._heaterC < this._setpointC - 0.3) this._energized = true;
    const target = this._energized ? UART_FIRMWARE.elementC + (this._runaway ? 8 : 0) : UART_FIRMWARE.ambientC;
    const tau = this._energized ? UART_FIRMWARE.heatingTimeConstantMs : UART_FIRMWARE.coolingTimeConstantMs;
    this._heaterC += (target - this._heaterC) * (1 - Math.exp(-ms / tau));
    if (this._anyOn() && this._now - this._lastHeardAt >= UART_FIRMWARE.watchdogMs) {
      // Silence means the app (or the link) is gone: the watchdog's STOP names itself.
      this._stopAll('link-loss', true);
      this._reply('STOP watchdog');
    }
    this._checkProtections();
  }

  private _command(line: string): void {
    this._lines.push(line);
    const parsed = /^([SKVH])(\d{0,3})$/.exec(line);
    const verb = parsed?.[1];
    const digits = parsed?.[2] ?? '';
    if (verb === 'S' && digits === '') {
      // Stop is taken in every state: it must never be refused.
      this._stopAll('stop-command', false);
      this._reply('STOP cmd');
      this._sendStatus(true);
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
      this._setpointC = value;
      if (value === 0) this._energized = false;
    }
    this._reply('OK');
    this._sendStatus(true);
  }

  /** Turning anything up needs no fault and enough battery; turning down never needs anything. */
  private _mayRaise(): string | null {
    if (this._overTemperature || this._sensorFault) return 'ERR fault';
    if (this._battery <= UART_FIRMWARE.lowBatteryCutoffPercent) return 'ERR battery';
    return null;
  }

  private _checkProtections(): void {
    const sensed = this._sensedC();
    if (sensed === null) {
      if (this._anyOn()) this._stopWithLine('sensor-fault');
      return;
    }
    if (sensed >= UART_FIRMWARE.hardCutC) {
      this._overTemperature = true;
      this._runaway = false; // the hard cut takes power from the element itself
      this._energized = false;
      if (this._anyOn()) this._stopWithLine('over-temperature');
    } else if (this._overTemperature && sensed < UART_FIRMWARE.faultClearsBelowC) {
      this._overTemperature = false;
    }
    if (this._battery <= UART_FIRMWARE.lowBatteryCutoffPercent && this._anyOn()) this._stopWithLine('low-battery');
  }

  private _stopWithLine(cause: DeviceStopCause): void {
    this._stopAll(cause, false);
    this._reply(`STOP ${STOP_WORDS[cause] ?? 'cmd'}`);
  }

  private _stopAll(cause: DeviceStopCause, watchdog: boolean): void {
    this._vibration = 0;
    this._setpointC = 0;
    this._energized = false;
    this._lastStop = cause;
    this._watchdogStop = watchdog;
    this._stopCount++;
  }

  private _anyOn(): boolean {
    return this._vibration > 0 || this._setpointC > 0;
  }

  private _sensedC(): number | null {
    if (this._sensorFault) return null;
    return this._forcedC ?? this._heaterC;
  }

  private _statusLine(): string {
    const sensed = this._sensedC();
    const faults =
      (this._overTemperature ? 1 : 0) | (this._sensorFault ? 2 : 0) | (this._battery <= UART_FIRMWARE.lowBatteryCutoffPercent ? 4 : 0);
    return `ST V${this._vibration} H${this._setpointC} T${sensed === null ? '--' : sensed.toFixed(1)} F${faults}`;
  }

  /** A status line on any change of what it says, and every second while anything is on. */
  private _sendStatus(force: boolean): void {
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
    if (!this._connected || !this._notifying.has(NORDIC_UART.tx)) return;
    const value = ascii(`${line}\n`);
    for (const listener of this._listeners) listener(NORDIC_UART.tx, value);
  }
}

function ascii(text: string): Bytes {
  return bytes(...new TextEncoder().encode(text));
}
