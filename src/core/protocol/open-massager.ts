import type { Bytes } from '../bytes.js';
import { bytes } from '../bytes.js';
import type { KneadingDirection } from '../commands.js';
import { decodeError, type DecodeError, type DeviceRejection, type DeviceReport, type DeviceStopCause } from '../device-report.js';
import { err, ok, type Result } from '../result.js';

/**
 * Constants and the state-frame layout of the open massager protocol, version 1.
 * devices/open-massager/PROTOCOL.md is the normative description; this file follows it.
 */
export const OPEN_MASSAGER = {
  version: 1,
  service: 'eb5e0001-5a1e-4b1d-8c4e-6d6173736167',
  control: 'eb5e0002-5a1e-4b1d-8c4e-6d6173736167',
  state: 'eb5e0003-5a1e-4b1d-8c4e-6d6173736167',
  limits: 'eb5e0004-5a1e-4b1d-8c4e-6d6173736167',
  stateLength: 16,
  limitsLength: 8,
  opcodes: { stop: 0x00, vibration: 0x01, kneading: 0x02, heat: 0x03 },
  flags: { sessionArmed: 0x01, heaterEnergized: 0x02 },
  faults: { overTemperature: 0x01, sensorFault: 0x02, lowBattery: 0x04 },
  noTemperature: -0x8000,
} as const;

/** ATT application error codes (0x80..0x9f) the firmware answers a refused write with. */
export const REJECTION_CODES: Readonly<Record<Exclude<DeviceRejection, 'unknown'>, number>> = {
  'out-of-range': 0x80,
  'no-session': 0x81,
  'bad-length': 0x82,
  'unknown-command': 0x83,
  'fault-active': 0x84,
  'unsupported-version': 0x85,
  'low-battery': 0x86,
};

/**
 * The open massager has no button of its own, so 'button' has no code; 'reset' is the app's word
 * for a device that started again, never a cause on this wire.
 */
export const STOP_CAUSE_CODES: Readonly<Record<Exclude<DeviceStopCause, 'unknown' | 'button' | 'reset'>, number>> = {
  none: 0,
  'stop-command': 1,
  'link-loss': 2,
  deadline: 3,
  'over-temperature': 4,
  'sensor-fault': 5,
  'low-battery': 6,
  'new-session': 7,
};

export function rejectionOf(code: number): DeviceRejection | null {
  if (code === 0) return null;
  const found = Object.entries(REJECTION_CODES).find(([, value]) => value === code);
  return found ? (found[0] as DeviceRejection) : 'unknown';
}

function stopCauseOf(code: number): DeviceStopCause {
  const found = Object.entries(STOP_CAUSE_CODES).find(([, value]) => value === code);
  return found ? (found[0] as DeviceStopCause) : 'unknown';
}

export interface DirectionCodes {
  readonly clockwise: number;
  readonly counterclockwise: number;
}

/** The fields of a state frame, before it is checked against what a device can do. */
export interface OpenStateFrame {
  readonly flags: number;
  readonly vibration: number;
  readonly kneading: number;
  readonly direction: number;
  readonly heat: number;
  /** Tenths of a degree Celsius, or OPEN_MASSAGER.noTemperature. */
  readonly heaterDeciC: number;
  readonly sessionSecondsLeft: number;
  readonly heatSecondsLeft: number;
  readonly faults: number;
  readonly lastStop: number;
  readonly lastResult: number;
  readonly sequence: number;
}

/** Used by the simulated firmware, and by tests to build frames. */
export function encodeStateFrame(frame: OpenStateFrame): Bytes {
  const temp = frame.heaterDeciC & 0xffff;
  return bytes(
    OPEN_MASSAGER.version,
    frame.flags,
    frame.vibration,
    frame.kneading,
    frame.direction,
    frame.heat,
    temp & 0xff,
    temp >> 8,
    frame.sessionSecondsLeft & 0xff,
    frame.sessionSecondsLeft >> 8,
    frame.heatSecondsLeft & 0xff,
    frame.heatSecondsLeft >> 8,
    frame.faults,
    frame.lastStop,
    frame.lastResult,
    frame.sequence & 0xff,
  );
}

/**
 * Decodes a state frame. A frame that is short, of another major version, or holds a value
 * no firmware could mean, is a DecodeError: the app counts it and never shows it as device state.
 */
export function decodeOpenState(data: Uint8Array, codes: DirectionCodes): Result<DeviceReport, DecodeError> {
  const source = 'open-massager state';
  if (data.length < OPEN_MASSAGER.stateLength) {
    return err(decodeError(source, `frame is ${data.length} bytes; version 1 frames are ${OPEN_MASSAGER.stateLength}`));
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = view.getUint8(0);
  if (version !== OPEN_MASSAGER.version) {
    return err(decodeError(source, `protocol version ${version} is not supported (this app reads version 1)`));
  }
  const directionCode = view.getUint8(4);
  let direction: KneadingDirection;
  if (directionCode === codes.clockwise) direction = 'clockwise';
  else if (directionCode === codes.counterclockwise) direction = 'counterclockwise';
  else return err(decodeError(source, `kneading direction code ${directionCode} is neither direction`));

  const rawTemp = view.getInt16(6, true);
  const heaterC = rawTemp === OPEN_MASSAGER.noTemperature ? null : rawTemp / 10;
  if (heaterC !== null && (heaterC < -40 || heaterC > 125)) {
    return err(decodeError(source, `heater temperature ${heaterC} °C is outside any sensor's range`));
  }
  const faults = view.getUint8(12);
  const flags = view.getUint8(1);
  return ok({
    vibration: view.getUint8(2),
    kneading: view.getUint8(3),
    direction,
    heat: view.getUint8(5),
    heaterC,
    sessionArmed: (flags & OPEN_MASSAGER.flags.sessionArmed) !== 0,
    sessionSecondsLeft: view.getUint16(8, true),
    heatSecondsLeft: view.getUint16(10, true),
    faults: {
      overTemperature: (faults & OPEN_MASSAGER.faults.overTemperature) !== 0,
      sensorFault: (faults & OPEN_MASSAGER.faults.sensorFault) !== 0 || heaterC === null,
      lowBattery: (faults & OPEN_MASSAGER.faults.lowBattery) !== 0,
    },
    lastStop: stopCauseOf(view.getUint8(13)),
    lastRejection: rejectionOf(view.getUint8(14)),
    sequence: view.getUint8(15),
  });
}
