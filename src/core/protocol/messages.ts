import type { DecodeError, DeviceRejection, DeviceReport, DeviceStopCause } from '../device-report.js';
import type { Capabilities } from '../profile/types.js';
import type { Result } from '../result.js';

/** What a device tells the app on its state endpoint, whatever its family. */
export type DeviceMessage =
  | { readonly kind: 'report'; readonly report: DeviceReport }
  /** The device took the last command (text families answer every line). */
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly rejection: DeviceRejection }
  /** The device stopped every output on its own and says why. */
  | { readonly kind: 'stopped'; readonly cause: DeviceStopCause }
  /**
   * The device's own ranges (the DIY board's CAP line): the app never asks for more than the
   * smaller of these and its profile's (effectiveCapabilities in profile/narrowing.ts).
   */
  | { readonly kind: 'ranges'; readonly capabilities: Capabilities; readonly sessionSeconds: number }
  /** The device (re)started: everything is off and no session is armed (the DIY board's BOOT line). */
  | { readonly kind: 'booted'; readonly cause: string; readonly version: string }
  /** Something the person must do now, with their hands: the firmware cannot do it for them. */
  | { readonly kind: 'instruction'; readonly instruction: DeviceInstruction };

/**
 * 'unplug-pad': the DIY board found a heater that heats while switched off, or does not follow
 * its setpoint, and cannot be sure its own switch can cut it (devices/diy-board/PROTOCOL.md §4).
 */
export type DeviceInstruction = 'unplug-pad';

export type DecodeOutcome = Result<DeviceMessage, DecodeError>;

/** Turns notification payloads into messages; may keep partial input between pushes. */
export interface StateDecoder {
  push(data: Uint8Array): DecodeOutcome[];
}
