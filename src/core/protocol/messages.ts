import type { DecodeError, DeviceRejection, DeviceReport, DeviceStopCause } from '../device-report.js';
import type { Result } from '../result.js';

/** What a device tells the app on its state endpoint, whatever its family. */
export type DeviceMessage =
  | { readonly kind: 'report'; readonly report: DeviceReport }
  /** The device took the last command (text families answer every line). */
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly rejection: DeviceRejection }
  /** The device stopped every output on its own and says why. */
  | { readonly kind: 'stopped'; readonly cause: DeviceStopCause };

export type DecodeOutcome = Result<DeviceMessage, DecodeError>;

/** Turns notification payloads into messages; may keep partial input between pushes. */
export interface StateDecoder {
  push(data: Uint8Array): DecodeOutcome[];
}
