import type { Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';
import type { CharacteristicSpec, NotifyListener, PeripheralSnapshot, ReadResult, ServiceSpec, SimulatedPeripheral } from './peripheral.js';

/**
 * What every simulated massager board here has in common, whatever protocol it speaks: a heater
 * pad with a sensor, a battery, the protections a real board keeps by itself (the 41 °C hard cut,
 * a latched sensor fault, the low-battery cut-off), the faults tests inject, and notification
 * plumbing. A family's firmware extends HeatedBoard with its protocol and its outputs.
 */
export const BOARD = {
  /** Hard cut (IEC 60601-1 applied-part limit, IECEE DSH-422: 41 °C). */
  hardCutC: 41,
  /** The over-temperature fault clears only once the pad has cooled this far (judgment: 3 °C of hysteresis). */
  faultClearsBelowC: 38,
  lowBatteryCutoffPercent: 5,
  ambientC: 31,
  elementC: 46,
  heatingTimeConstantMs: 150_000,
  coolingTimeConstantMs: 400_000,
  /** Physics and deadlines are stepped at most this far at a time, however far `tick` jumps. */
  maxStepMs: 250,
} as const;

/** Hardware faults a test (or the simulator panel) can give any board. */
export type FirmwareFault =
  /** Forces the heater sensor reading (the over-temperature path without waiting for physics). */
  | { readonly kind: 'heater-temperature'; readonly celsius: number }
  /** A control fault that keeps the element energized: physics then drives it past the hard cut. */
  | { readonly kind: 'heater-runaway' }
  | { readonly kind: 'sensor-fault' }
  | { readonly kind: 'battery'; readonly percent: number };

/** The board's part of every snapshot (see tests/e2e/fixtures/CONTRACT.md). */
export interface BoardSnapshot extends PeripheralSnapshot {
  readonly heaterC: number;
  readonly heaterEnergized: boolean;
  readonly batteryPercent: number;
  readonly overTemperature: boolean;
  readonly sensorFault: boolean;
  readonly lowBattery: boolean;
  readonly now: number;
}

/** A simulated massager the app can run in the page or the tests can put on the emulated adapter. */
export interface SimulatedMassager<S extends BoardSnapshot = BoardSnapshot> extends SimulatedPeripheral<S> {
  inject(fault: FirmwareFault): void;
}

export interface BoardOptions {
  readonly name?: string;
  readonly batteryPercent?: number;
  readonly now?: number;
}

/**
 * The service a board's protocol speaks on: commands written to one characteristic (with or
 * without response), state notified on another (and readable, so a central can catch up after
 * connecting), and any others the protocol adds.
 */
export function protocolService(
  uuid: string,
  endpoints: { readonly command: string; readonly state: string },
  more: readonly CharacteristicSpec[] = [],
): ServiceSpec {
  return {
    uuid,
    characteristics: [
      { uuid: endpoints.command, properties: { write: true, writeWithoutResponse: true } },
      { uuid: endpoints.state, properties: { read: true, notify: true } },
      ...more,
    ],
  };
}

export abstract class HeatedBoard<S extends BoardSnapshot> implements SimulatedMassager<S> {
  readonly name: string;
  abstract readonly services: readonly ServiceSpec[];

  protected readonly _notifying = new Set<string>();
  protected _now: number;
  protected _connected = false;
  protected _energized = false;
  protected _battery: number;
  protected _lastStop: DeviceStopCause = 'none';
  protected _stopCount = 0;
  private readonly _listeners = new Set<NotifyListener>();
  private _heaterC: number = BOARD.ambientC;
  private _runaway = false;
  private _forcedC: number | null = null;
  private _sensorFault = false;
  private _overTemperature = false;

  constructor(options: BoardOptions, defaultName: string) {
    this.name = options.name ?? defaultName;
    this._battery = options.batteryPercent ?? 100;
    this._now = options.now ?? 0;
  }

  abstract read(characteristic: string, now: number): ReadResult;
  abstract write(characteristic: string, value: Uint8Array, now: number): number;
  abstract snapshot(): S;
  /** Every output to 0, with the cause recorded (call _recordStop). */
  protected abstract _stopAll(cause: DeviceStopCause): void;
  /** Whether a protection has anything to stop: outputs on (or, for a board with sessions, one armed). */
  protected abstract _active(): boolean;
  /** The heater's setpoint in °C, 0 when heat is off. */
  protected abstract _setpointC(): number;
  /** Battery draw in percent a minute of the board's electronics and its motors (the heater's is added here). */
  protected abstract _drawPerMinute(): number;
  /** Times within the next step that must be landed on exactly (deadlines, a watchdog). */
  protected abstract _dueTimes(): readonly (number | null)[];
  /** The family's own timed rules, after the physics of each step (deadlines, a watchdog). */
  protected abstract _afterStep(): void;
  /** Tell the central what changed; `force` when a write or a fault must be answered now. */
  protected abstract _publish(force: boolean): void;

  connect(now: number): void {
    this.tick(now);
    this._connected = true;
  }

  linkLost(now: number): void {
    this.tick(now);
    this._connected = false;
    this._notifying.clear();
    this._stopAll('link-loss');
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
    this._publish(true);
  }

  tick(now: number): void {
    while (this._now < now) {
      let step = Math.min(BOARD.maxStepMs, now - this._now);
      // Land exactly on a deadline so the stop happens when it is due, not up to a step later.
      for (const due of this._dueTimes()) {
        if (due !== null && due > this._now && due - this._now < step) step = due - this._now;
      }
      this._step(step);
    }
    this._publish(false);
  }

  /** The board's part of the snapshot. */
  protected _boardSnapshot(): BoardSnapshot {
    return {
      connected: this._connected,
      heaterC: Math.round((this._sensedC() ?? BOARD.ambientC) * 10) / 10,
      heaterEnergized: this._energized,
      batteryPercent: this._batteryPercent(),
      overTemperature: this._overTemperature,
      sensorFault: this._sensorFault,
      lowBattery: this._batteryLow(),
      lastStop: this._lastStop,
      stopCount: this._stopCount,
      now: this._now,
      // The outputs are the family's: its snapshot overrides these.
      vibration: 0,
      kneading: 0,
      heat: 0,
    };
  }

  /** Whole percent, rounded down (devices/open-massager/PROTOCOL.md §10: 42.5 % reads 42). */
  protected _batteryPercent(): number {
    return Math.floor(this._battery);
  }

  protected _batteryLow(): boolean {
    return this._battery <= BOARD.lowBatteryCutoffPercent;
  }

  /** A latched over-temperature or sensor fault: nothing may heat, and a board with sessions arms none. */
  protected _faultLatched(): boolean {
    return this._overTemperature || this._sensorFault;
  }

  /** The latched faults and the low battery as a bit field, with the bit values the protocol gives each. */
  protected _faultFlags(bits: { readonly overTemperature: number; readonly sensorFault: number; readonly lowBattery: number }): number {
    return (
      (this._overTemperature ? bits.overTemperature : 0) |
      (this._sensorFault ? bits.sensorFault : 0) |
      (this._batteryLow() ? bits.lowBattery : 0)
    );
  }

  /** The sensor's reading, or null when it gives none (a sensor fault). */
  protected _sensedC(): number | null {
    if (this._sensorFault) return null;
    return this._forcedC ?? this._heaterC;
  }

  protected _recordStop(cause: DeviceStopCause): void {
    this._energized = false;
    this._lastStop = cause;
    this._stopCount++;
  }

  /** A stop by one of the board's own protections; a family may also say so on the wire. */
  protected _protectiveStop(cause: DeviceStopCause): void {
    this._stopAll(cause);
  }

  protected _emit(characteristic: string, value: Bytes): void {
    if (!this._notifying.has(characteristic)) return;
    for (const listener of this._listeners) listener(characteristic, value);
  }

  private _step(ms: number): void {
    this._now += ms;
    const minutes = ms / 60_000;
    // Battery: the electronics, the motors, and most of all the heater element.
    this._battery = Math.max(0, this._battery - minutes * (this._drawPerMinute() + (this._energized ? 0.4 : 0)));
    // Heater: bang-bang control toward the setpoint, first-order thermal response.
    const setpoint = this._setpointC();
    if (this._runaway) this._energized = true;
    else if (setpoint === 0 || this._heaterC >= setpoint) this._energized = false;
    else if (this._heaterC < setpoint - 0.3) this._energized = true;
    const target = this._energized ? BOARD.elementC + (this._runaway ? 8 : 0) : BOARD.ambientC;
    const tau = this._energized ? BOARD.heatingTimeConstantMs : BOARD.coolingTimeConstantMs;
    this._heaterC += (target - this._heaterC) * (1 - Math.exp(-ms / tau));
    this._afterStep();
    this._checkProtections();
  }

  private _checkProtections(): void {
    const sensed = this._sensedC();
    if (sensed === null) {
      if (this._active()) this._protectiveStop('sensor-fault');
      return;
    }
    if (sensed >= BOARD.hardCutC) {
      this._overTemperature = true;
      this._runaway = false; // the hard cut removes power from the element itself
      this._energized = false;
      if (this._active()) this._protectiveStop('over-temperature');
    } else if (this._overTemperature && sensed < BOARD.faultClearsBelowC) {
      this._overTemperature = false;
    }
    if (this._batteryLow() && this._active()) this._protectiveStop('low-battery');
  }
}
