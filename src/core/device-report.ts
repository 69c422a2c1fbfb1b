import type { KneadingDirection, OutputLevels } from './commands.js';

/**
 * Why the firmware last stopped every output, as the device itself reports it. 'button' is a STOP
 * button on the device (the DIY board has one): the session engine ends the session as a
 * 'device-button' stop.
 */
export type DeviceStopCause =
  | 'none'
  | 'stop-command'
  | 'link-loss'
  | 'deadline'
  | 'over-temperature'
  | 'sensor-fault'
  | 'low-battery'
  | 'new-session'
  | 'button'
  /** The device started again mid-session (its BOOT line): whatever it held is gone. */
  | 'reset'
  | 'unknown';

export type DeviceRejection =
  'out-of-range' | 'no-session' | 'bad-length' | 'unknown-command' | 'fault-active' | 'unsupported-version' | 'low-battery' | 'unknown';

export interface DeviceFaults {
  readonly overTemperature: boolean;
  readonly sensorFault: boolean;
  readonly lowBattery: boolean;
}

export const NO_FAULTS: DeviceFaults = Object.freeze({
  overTemperature: false,
  sensorFault: false,
  lowBattery: false,
});

export function anyFault(faults: DeviceFaults): boolean {
  return faults.overTemperature || faults.sensorFault || faults.lowBattery;
}

/**
 * What the device says it is doing, decoded from its state characteristic (or status lines).
 * Fields a device family cannot report are null rather than guessed.
 */
export interface DeviceReport extends OutputLevels {
  /** Each output's level (`OutputLevels`) and kneading's direction. */
  readonly direction: KneadingDirection;
  /** Heater contact temperature in degrees Celsius; null when the device has no reading. */
  readonly heaterC: number | null;
  readonly sessionArmed: boolean | null;
  readonly sessionSecondsLeft: number | null;
  readonly heatSecondsLeft: number | null;
  readonly faults: DeviceFaults;
  readonly lastStop: DeviceStopCause;
  readonly lastRejection: DeviceRejection | null;
  /** The frame's sequence number (0..255, wrapping), when the family numbers its frames. */
  readonly sequence: number | null;
}

/** A decoding failure: typed, never thrown. */
export interface DecodeError {
  readonly kind: 'decode-error';
  readonly source: string;
  readonly message: string;
}

export function decodeError(source: string, message: string): DecodeError {
  return { kind: 'decode-error', source, message };
}

/**
 * True when `sequence` comes before `last` in the wrapping 0..255 count of a family that numbers its frames (the open protocol): a frame older than one
 * already shown (a read answered after newer notifications), which must not be shown again.
 */
export function isStaleSequence(sequence: number, last: number): boolean {
  const behind = (last - sequence + 256) % 256;
  return behind > 0 && behind < 128;
}
