import { bytes, bytesEqual, type Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';
import { encodeStateFrame, OPEN_MASSAGER, REJECTION_CODES, STOP_CAUSE_CODES } from '../core/protocol/open-massager.js';
import { encodeTemperatureMeasurement } from '../core/protocol/standard.js';
import { SIG } from '../core/profile/uuid.js';
import { BOARD, HeatedBoard, protocolService, type BoardSnapshot } from './firmware-base.js';
import { ATT, type ReadResult, type ServiceSpec } from './peripheral.js';

export type { FirmwareFault } from './firmware-base.js';

/**
 * The open massager's firmware, written from devices/open-massager/PROTOCOL.md.
 * Its rules are the ones a real board must keep: stop everything on link loss, at the deadline
 * and at 41.0 °C; never turn anything on again by itself; refuse what is out of range and change
 * nothing when it does.
 */
export const FIRMWARE = {
  ...BOARD,
  vibrationSteps: 10,
  kneadingSpeeds: 3,
  heatSetpointsC: [36, 38, 40] as readonly number[],
  /** Highest heat limit a session may ask for (safety-facts §6: normal target ≤ 40 °C). */
  maxHeatLimitC: 40,
  /** Session cap (safety-facts §6: hard session cap 20 min). */
  maxSessionSeconds: 1200,
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
export interface FirmwareSnapshot extends BoardSnapshot {
  readonly armed: boolean;
  readonly direction: number;
  readonly limits: FirmwareLimits | null;
  readonly deadlineAt: number | null;
  readonly heatDeadlineAt: number | null;
  readonly lastResult: number;
}

const FW_REJECT = REJECTION_CODES;

export class OpenMassagerFirmware extends HeatedBoard<FirmwareSnapshot> {
  readonly services: readonly ServiceSpec[] = [
    protocolService(OPEN_MASSAGER.service, { command: OPEN_MASSAGER.control, state: OPEN_MASSAGER.state }, [
      { uuid: OPEN_MASSAGER.limits, properties: { write: true } },
    ]),
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
  private _limits: FirmwareLimits | null = null;
  private _deadlineAt: number | null = null;
  private _heatDeadlineAt: number | null = null;
  private _vibration = 0;
  private _kneading = 0;
  private _direction = 0;
  private _heat = 0;
  private _lastResult = 0;
  private _sequence = 0;
  private _lastStateSent: Bytes | null = null;
  private _lastStateSentAt = 0;
  private _lastBatterySent = -1;
  private _lastTempSent: number | null = null;

  constructor(options: FirmwareOptions = {}) {
    super(options, 'Easeback Sim');
    this._firmwareRevision = options.firmwareRevision ?? '1.0.0';
  }

  read(characteristic: string, now: number): ReadResult {
    this.tick(now);
    switch (characteristic) {
      case OPEN_MASSAGER.state:
        return { code: 0, value: this._stateFrame() };
      case SIG.batteryLevel:
        return { code: 0, value: bytes(this._batteryPercent()) };
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

  snapshot(): FirmwareSnapshot {
    return {
      ...this._boardSnapshot(),
      armed: this._limits !== null,
      vibration: this._vibration,
      kneading: this._kneading,
      direction: this._direction,
      heat: this._heat,
      limits: this._limits,
      deadlineAt: this._deadlineAt,
      heatDeadlineAt: this._heatDeadlineAt,
      lastResult: this._lastResult,
    };
  }

  protected _dueTimes(): readonly (number | null)[] {
    return [this._deadlineAt, this._heatDeadlineAt];
  }

  protected _drawPerMinute(): number {
    return 0.01 + 0.02 * this._vibration + 0.05 * this._kneading;
  }

  protected _setpointC(): number {
    return this._heat > 0 ? (FIRMWARE.heatSetpointsC[this._heat - 1] ?? 0) : 0;
  }

  protected _afterStep(): void {
    if (this._deadlineAt !== null && this._now >= this._deadlineAt) this._stopAll('deadline');
    if (this._heatDeadlineAt !== null && this._now >= this._heatDeadlineAt && this._heat > 0) {
      this._heat = 0; // heat has its own limit; the other outputs may run on to the session deadline
      this._energized = false;
    }
  }

  /** A protection stops a session that is armed even with every output at 0: it must not stay armed through a fault. */
  protected _active(): boolean {
    return this._anyOn() || this._limits !== null;
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
          if (this._faultLatched()) return FW_REJECT['fault-active'];
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
    if (this._batteryLow()) return FW_REJECT['low-battery'];
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
    if (this._faultLatched()) return FW_REJECT['fault-active'];
    if (this._batteryLow()) return FW_REJECT['low-battery'];
    // A new session always starts from every output off.
    if (this._anyOn()) this._stopAll('new-session');
    this._limits = limits;
    this._deadlineAt = this._now + limits.sessionSeconds * 1000;
    this._heatDeadlineAt = this._now + limits.heatSeconds * 1000;
    return 0;
  }

  protected _stopAll(cause: DeviceStopCause): void {
    this._vibration = 0;
    this._kneading = 0;
    this._heat = 0;
    this._limits = null;
    this._deadlineAt = null;
    this._heatDeadlineAt = null;
    this._recordStop(cause);
  }

  private _anyOn(): boolean {
    return this._vibration > 0 || this._kneading > 0 || this._heat > 0;
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
      faults: this._faultFlags(OPEN_MASSAGER.faults),
      // This firmware never stops for 'button' (it has none) and cannot encode it.
      lastStop:
        STOP_CAUSE_CODES[
          this._lastStop === 'unknown' || this._lastStop === 'button' || this._lastStop === 'reset' ? 'none' : this._lastStop
        ],
      lastResult: this._lastResult,
      sequence: this._sequence,
    });
  }

  /** Notifies state on any change, and once a second while a session is armed (the countdown). */
  protected _publish(force: boolean): void {
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
    const battery = this._batteryPercent();
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

  private _text(text: string): Bytes {
    return bytes(...new TextEncoder().encode(text));
  }
}
