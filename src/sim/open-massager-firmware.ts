import { bytes, bytesEqual, type Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';
import { encodeStateFrame, OPEN_MASSAGER, REJECTION_CODES, STOP_CAUSE_CODES } from '../core/protocol/open-massager.js';
import { encodeTemperatureMeasurement } from '../core/protocol/standard.js';
import { SIG } from '../core/profile/uuid.js';
import { ATT, type NotifyListener, type ReadResult, type ServiceSpec, type SimulatedPeripheral } from './peripheral.js';

/**
 * The open massager's firmware, written from devices/open-massager/PROTOCOL.md.
 * Its rules are the ones a real board must keep: stop everything on link loss, at the deadline
 * and at 41.0 °C; never turn anything on again by itself; refuse what is out of range and change
 * nothing when it does.
 */
export const FIRMWARE = {
  vibrationSteps: 10,
  kneadingSpeeds: 3,
  heatSetpointsC: [36, 38, 40] as readonly number[],
  /** Highest heat limit a session may ask for (safety-facts §6: normal target ≤ 40 °C). */
  maxHeatLimitC: 40,
  /** Hard cut (IEC 60601-1 applied-part limit, IECEE DSH-422: 41 °C). */
  hardCutC: 41,
  /** The over-temperature fault clears only once the pad has cooled this far. */
  faultClearsBelowC: 38,
  /** Session cap (safety-facts §6: hard session cap 20 min). */
  maxSessionSeconds: 1200,
  lowBatteryCutoffPercent: 5,
  ambientC: 31,
  elementC: 46,
  heatingTimeConstantMs: 150_000,
  coolingTimeConstantMs: 400_000,
  /** Physics and deadlines are stepped at most this far at a time, however far `tick` jumps. */
  maxStepMs: 250,
  stateHeartbeatMs: 1000,
} as const;

export interface FirmwareOptions {
  readonly name?: string;
  readonly firmwareRevision?: string;
  readonly batteryPercent?: number;
  readonly now?: number;
}

export interface FirmwareLimits {
  readonly maxVibration: number;
  readonly maxKneading: number;
  readonly maxHeatC: number;
  readonly sessionSeconds: number;
  readonly heatSeconds: number;
}

/** The firmware's own view, for tests: what the motors and heater are really doing. */
export interface FirmwareSnapshot {
  readonly connected: boolean;
  readonly armed: boolean;
  readonly vibration: number;
  readonly kneading: number;
  readonly direction: number;
  readonly heat: number;
  readonly heaterC: number;
  readonly heaterEnergized: boolean;
  readonly batteryPercent: number;
  readonly limits: FirmwareLimits | null;
  readonly deadlineAt: number | null;
  readonly heatDeadlineAt: number | null;
  readonly overTemperature: boolean;
  readonly sensorFault: boolean;
  readonly lowBattery: boolean;
  readonly lastStop: DeviceStopCause;
  readonly lastResult: number;
  readonly stopCount: number;
  readonly now: number;
}

export type FirmwareFault =
  /** Forces the heater sensor reading (the over-temperature path without waiting for physics). */
  | { readonly kind: 'heater-temperature'; readonly celsius: number }
  /** A control fault that keeps the element energized: physics then drives it past the hard cut. */
  | { readonly kind: 'heater-runaway' }
  | { readonly kind: 'sensor-fault' }
  | { readonly kind: 'battery'; readonly percent: number };

const FW_REJECT = REJECTION_CODES;

export class OpenMassagerFirmware implements SimulatedPeripheral {
  readonly name: string;
  readonly services: readonly ServiceSpec[] = [
    {
      uuid: OPEN_MASSAGER.service,
      characteristics: [
        { uuid: OPEN_MASSAGER.control, properties: { write: true, writeWithoutResponse: true } },
        { uuid: OPEN_MASSAGER.state, properties: { read: true, notify: true } },
        { uuid: OPEN_MASSAGER.limits, properties: { write: true } },
      ],
    },
    { uuid: SIG.batteryService, characteristics: [{ uuid: SIG.batteryLevel, properties: { read: true, notify: true } }] },
    {
      uuid: SIG.deviceInformationService,
      characteristics: [
        { uuid: SIG.firmwareRevision, properties: { read: true } },
        { uuid: SIG.modelNumber, properties: { read: true } },
        { uuid: SIG.manufacturerName, properties: { read: true } },
      ],
    },
    {
      uuid: SIG.healthThermometerService,
      characteristics: [{ uuid: SIG.temperatureMeasurement, properties: { indicate: true } }],
    },
  ];

  private readonly _firmwareRevision: string;
  private readonly _listeners = new Set<NotifyListener>();
  private readonly _notifying = new Set<string>();
  private _now: number;
  private _connected = false;
  private _limits: FirmwareLimits | null = null;
  private _deadlineAt: number | null = null;
  private _heatDeadlineAt: number | null = null;
  private _vibration = 0;
  private _kneading = 0;
  private _direction = 0;
  private _heat = 0;
  private _heaterC: number = FIRMWARE.ambientC;
  private _energized = false;
  private _runaway = false;
  private _forcedC: number | null = null;
  private _sensorFault = false;
  private _overTemperature = false;
  private _battery: number;
  private _lastStop: DeviceStopCause = 'none';
  private _lastResult = 0;
  private _sequence = 0;
  private _stopCount = 0;
  private _lastStateSent: Bytes | null = null;
  private _lastStateSentAt = 0;
  private _lastBatterySent = -1;
  private _lastTempSent: number | null = null;

  constructor(options: FirmwareOptions = {}) {
    this.name = options.name ?? 'Easeback Sim';
    this._firmwareRevision = options.firmwareRevision ?? '1.0.0';
    this._battery = options.batteryPercent ?? 100;
    this._now = options.now ?? 0;
  }

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

  read(characteristic: string, now: number): ReadResult {
    this.tick(now);
    switch (characteristic) {
      case OPEN_MASSAGER.state:
        return { code: 0, value: this._stateFrame() };
      case SIG.batteryLevel:
        return { code: 0, value: bytes(Math.floor(this._battery)) };
      case SIG.firmwareRevision:
        return { code: 0, value: this._text(this._firmwareRevision) };
      case SIG.modelNumber:
        return { code: 0, value: this._text('EB-OPEN-1') };
      case SIG.manufacturerName:
        return { code: 0, value: this._text('Easeback simulator') };
      case SIG.temperatureMeasurement:
        return { code: 0, value: encodeTemperatureMeasurement(this._sensedC()) };
      case OPEN_MASSAGER.control:
      case OPEN_MASSAGER.limits:
        return { code: ATT.readNotPermitted };
      default:
        return { code: ATT.attributeNotFound };
    }
  }

  write(characteristic: string, value: Uint8Array, now: number): number {
    this.tick(now);
    let code: number;
    if (characteristic === OPEN_MASSAGER.control) code = this._control(value);
    else if (characteristic === OPEN_MASSAGER.limits) code = this._writeLimits(value);
    else return ATT.writeNotPermitted;
    this._lastResult = code;
    this._publish(true);
    return code;
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

  snapshot(): FirmwareSnapshot {
    return {
      connected: this._connected,
      armed: this._limits !== null,
      vibration: this._vibration,
      kneading: this._kneading,
      direction: this._direction,
      heat: this._heat,
      heaterC: Math.round(this._sensedCOrAmbient() * 10) / 10,
      heaterEnergized: this._energized,
      batteryPercent: Math.floor(this._battery),
      limits: this._limits,
      deadlineAt: this._deadlineAt,
      heatDeadlineAt: this._heatDeadlineAt,
      overTemperature: this._overTemperature,
      sensorFault: this._sensorFault,
      lowBattery: this._battery <= FIRMWARE.lowBatteryCutoffPercent,
      lastStop: this._lastStop,
      lastResult: this._lastResult,
      stopCount: this._stopCount,
      now: this._now,
    };
  }

  tick(now: number): void {
    while (this._now < now) {
      let step = Math.min(FIRMWARE.maxStepMs, now - this._now);
      // Land exactly on a deadline so the stop happens when it is due, not up to a step later.
      for (const due of [this._deadlineAt, this._heatDeadlineAt]) {
        if (due !== null && due > this._now && due - this._now < step) step = due - this._now;
      }
      this._step(step);
    }
    this._publish(false);
  }

  private _step(ms: number): void {
    this._now += ms;
    const minutes = ms / 60_000;
    // Battery: a small base draw, the motors, and most of all the heater element.
    this._battery = Math.max(
      0,
      this._battery - minutes * (0.01 + 0.02 * this._vibration + 0.05 * this._kneading + (this._energized ? 0.4 : 0)),
    );
    // Heater: bang-bang control toward the setpoint, first-order thermal response.
    const setpoint = this._heat > 0 ? (FIRMWARE.heatSetpointsC[this._heat - 1] ?? 0) : 0;
    if (this._runaway) this._energized = true;
    else if (this._heat === 0 || this._heaterC >= setpoint) this._energized = false;
    else if (this._heaterC < setpoint - 0.3) this._energized = true;
    const target = this._energized ? FIRMWARE.elementC + (this._runaway ? 8 : 0) : FIRMWARE.ambientC;
    const tau = this._energized ? FIRMWARE.heatingTimeConstantMs : FIRMWARE.coolingTimeConstantMs;
    this._heaterC += (target - this._heaterC) * (1 - Math.exp(-ms / tau));

    if (this._deadlineAt !== null && this._now >= this._deadlineAt) this._stopAll('deadline');
    if (this._heatDeadlineAt !== null && this._now >= this._heatDeadlineAt && this._heat > 0) {
      this._heat = 0; // heat has its own limit; the other outputs may run on to the session deadline
      this._energized = false;
    }
    this._checkProtections();
  }

  private _checkProtections(): void {
    const sensed = this._sensedC();
    if (sensed === null || this._sensorFault) {
      if (this._anyOn() || this._limits) this._stopAll('sensor-fault');
      return;
    }
    if (sensed >= FIRMWARE.hardCutC) {
      this._overTemperature = true;
      this._runaway = false; // the hard cut removes power from the element itself
      this._energized = false;
      if (this._anyOn() || this._limits) this._stopAll('over-temperature');
    } else if (this._overTemperature && sensed < FIRMWARE.faultClearsBelowC) {
      this._overTemperature = false;
    }
    if (this._battery <= FIRMWARE.lowBatteryCutoffPercent && (this._anyOn() || this._limits)) {
      this._stopAll('low-battery');
    }
  }

  private _control(value: Uint8Array): number {
    const opcode = value[0];
    if (opcode === undefined) return FW_REJECT['bad-length'];
    if (opcode === OPEN_MASSAGER.opcodes.stop) {
      // Stop is taken in every state and at any length: it must never be refused.
      this._stopAll('stop-command');
      return 0;
    }
    const expectLength: Record<number, number> = { 0x01: 2, 0x02: 3, 0x03: 2 };
    const want = expectLength[opcode];
    if (want === undefined) return FW_REJECT['unknown-command'];
    if (value.length !== want) return FW_REJECT['bad-length'];
    const a = value[1] ?? 0;
    const b = value[2] ?? 0;
    const limits = this._limits;
    switch (opcode) {
      case OPEN_MASSAGER.opcodes.vibration: {
        if (a > FIRMWARE.vibrationSteps) return FW_REJECT['out-of-range'];
        if (a > 0) {
          const refusal = this._mayRaise();
          if (refusal) return refusal;
          if (a > (limits?.maxVibration ?? 0)) return FW_REJECT['out-of-range'];
        }
        this._vibration = a;
        return 0;
      }
      case OPEN_MASSAGER.opcodes.kneading: {
        if (a > FIRMWARE.kneadingSpeeds || b > 1) return FW_REJECT['out-of-range'];
        if (a > 0) {
          const refusal = this._mayRaise();
          if (refusal) return refusal;
          if (a > (limits?.maxKneading ?? 0)) return FW_REJECT['out-of-range'];
        }
        this._kneading = a;
        this._direction = b;
        return 0;
      }
      default: {
        if (a > FIRMWARE.heatSetpointsC.length) return FW_REJECT['out-of-range'];
        if (a > 0) {
          const refusal = this._mayRaise();
          if (refusal) return refusal;
          if (this._overTemperature || this._sensorFault) return FW_REJECT['fault-active'];
          const setpoint = FIRMWARE.heatSetpointsC[a - 1] ?? Infinity;
          if (setpoint > (limits?.maxHeatC ?? 0)) return FW_REJECT['out-of-range'];
          if (this._heatDeadlineAt === null || this._now >= this._heatDeadlineAt) return FW_REJECT['out-of-range'];
        }
        this._heat = a;
        if (a === 0) this._energized = false;
        return 0;
      }
    }
  }

  /** Turning anything up needs an armed session and enough battery; turning down never does. */
  private _mayRaise(): number | null {
    if (this._limits === null) return FW_REJECT['no-session'];
    if (this._battery <= FIRMWARE.lowBatteryCutoffPercent) return FW_REJECT['low-battery'];
    return null;
  }

  private _writeLimits(value: Uint8Array): number {
    if (value[0] !== undefined && value[0] !== OPEN_MASSAGER.version) return FW_REJECT['unsupported-version'];
    if (value.length !== OPEN_MASSAGER.limitsLength) return FW_REJECT['bad-length'];
    const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
    const limits: FirmwareLimits = {
      maxVibration: view.getUint8(1),
      maxKneading: view.getUint8(2),
      maxHeatC: view.getUint8(3),
      sessionSeconds: view.getUint16(4, true),
      heatSeconds: view.getUint16(6, true),
    };
    const inRange =
      limits.maxVibration <= FIRMWARE.vibrationSteps &&
      limits.maxKneading <= FIRMWARE.kneadingSpeeds &&
      (limits.maxHeatC === 0 || (limits.maxHeatC >= 30 && limits.maxHeatC <= FIRMWARE.maxHeatLimitC)) &&
      limits.sessionSeconds >= 1 &&
      limits.sessionSeconds <= FIRMWARE.maxSessionSeconds &&
      limits.heatSeconds <= limits.sessionSeconds;
    if (!inRange) return FW_REJECT['out-of-range'];
    if (this._overTemperature || this._sensorFault) return FW_REJECT['fault-active'];
    if (this._battery <= FIRMWARE.lowBatteryCutoffPercent) return FW_REJECT['low-battery'];
    // A new session always starts from every output off.
    if (this._anyOn()) this._stopAll('new-session');
    this._limits = limits;
    this._deadlineAt = this._now + limits.sessionSeconds * 1000;
    this._heatDeadlineAt = this._now + limits.heatSeconds * 1000;
    return 0;
  }

  private _stopAll(cause: DeviceStopCause): void {
    this._vibration = 0;
    this._kneading = 0;
    this._heat = 0;
    this._energized = false;
    this._limits = null;
    this._deadlineAt = null;
    this._heatDeadlineAt = null;
    this._lastStop = cause;
    this._stopCount++;
  }

  private _anyOn(): boolean {
    return this._vibration > 0 || this._kneading > 0 || this._heat > 0;
  }

  private _sensedC(): number | null {
    if (this._sensorFault) return null;
    return this._forcedC ?? this._heaterC;
  }

  private _sensedCOrAmbient(): number {
    return this._sensedC() ?? FIRMWARE.ambientC;
  }

  private _stateFrame(): Bytes {
    const sensed = this._sensedC();
    const secondsLeft = (due: number | null) => (due === null ? 0 : Math.max(0, Math.ceil((due - this._now) / 1000)));
    return encodeStateFrame({
      flags: (this._limits ? OPEN_MASSAGER.flags.sessionArmed : 0) | (this._energized ? OPEN_MASSAGER.flags.heaterEnergized : 0),
      vibration: this._vibration,
      kneading: this._kneading,
      direction: this._direction,
      heat: this._heat,
      heaterDeciC: sensed === null ? OPEN_MASSAGER.noTemperature : Math.round(sensed * 10),
      sessionSecondsLeft: secondsLeft(this._deadlineAt),
      heatSecondsLeft: secondsLeft(this._heatDeadlineAt),
      faults:
        (this._overTemperature ? OPEN_MASSAGER.faults.overTemperature : 0) |
        (this._sensorFault ? OPEN_MASSAGER.faults.sensorFault : 0) |
        (this._battery <= FIRMWARE.lowBatteryCutoffPercent ? OPEN_MASSAGER.faults.lowBattery : 0),
      // This firmware never stops for 'button' (it has none) and cannot encode it.
      lastStop: STOP_CAUSE_CODES[this._lastStop === 'unknown' || this._lastStop === 'button' ? 'none' : this._lastStop],
      lastResult: this._lastResult,
      sequence: this._sequence,
    });
  }

  /** Notifies state on any change, and once a second while a session is armed (the countdown). */
  private _publish(force: boolean): void {
    if (!this._connected) return;
    const frame = this._stateFrame();
    const changed = this._lastStateSent === null || !bytesEqual(frame, this._lastStateSent);
    const heartbeatDue = this._limits !== null && this._now - this._lastStateSentAt >= FIRMWARE.stateHeartbeatMs;
    if (force || changed || heartbeatDue) {
      // The sequence byte counts frames sent, so the comparison above is against the last one sent.
      this._sequence = (this._sequence + 1) & 0xff;
      const numbered = this._stateFrame();
      this._lastStateSent = numbered;
      this._lastStateSentAt = this._now;
      this._emit(OPEN_MASSAGER.state, numbered);
    }
    const battery = Math.floor(this._battery);
    if (battery !== this._lastBatterySent) {
      this._lastBatterySent = battery;
      this._emit(SIG.batteryLevel, bytes(battery));
    }
    const sensed = this._sensedC();
    const rounded = sensed === null ? null : Math.round(sensed * 10) / 10;
    if (rounded !== this._lastTempSent) {
      this._lastTempSent = rounded;
      this._emit(SIG.temperatureMeasurement, encodeTemperatureMeasurement(rounded));
    }
  }

  private _emit(characteristic: string, value: Bytes): void {
    if (!this._notifying.has(characteristic)) return;
    for (const listener of this._listeners) listener(characteristic, value);
  }

  private _text(text: string): Bytes {
    return bytes(...new TextEncoder().encode(text));
  }
}
