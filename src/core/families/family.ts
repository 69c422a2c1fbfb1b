import type { Bytes } from '../bytes.js';
import type { CommandTemplate, DeviceProfile } from '../profile/types.js';
import type { StateDecoder } from '../protocol/messages.js';

/**
 * What the core must know of a device family: the kind of command template its profiles use
 * (parse.ts refuses a profile whose commands are of the other kind) and how to read what the
 * device reports. Encoding is the same for every family: it fills the profile's templates.
 *
 * The family's other half, its simulated firmware and the simulator panel's view of it, is in
 * src/sim/families/ (the core imports nothing above it).
 */
export interface DeviceFamilyModule {
  readonly templateKind: CommandTemplate['kind'];
  /** A fresh decoder per connection: a text family keeps partial lines between notifications. */
  createStateDecoder(profile: DeviceProfile): StateDecoder;
  /** Written once after every connect, before anything else the session sends (the DIY board's "?"). */
  readonly greeting?: Bytes;
  /** Longest single write the device's module takes; longer ones go out in pieces (see GattQueue). */
  readonly maxWriteBytes?: number;
}
