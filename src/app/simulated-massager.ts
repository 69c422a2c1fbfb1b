import type { DeviceFamily } from '../core/profile/types.js';
import { firmwareFor, type SimulatedMassager } from '../sim/firmware-for.js';
import { SimLink } from '../transport/sim-link.js';

/**
 * The simulated massager and its link, in a module of their own: the firmware is loaded only when
 * someone connects it, so it stays out of the first screen's JavaScript.
 */
export function simulatedMassager(family: DeviceFamily, now: number): { readonly firmware: SimulatedMassager; readonly link: SimLink } {
  const firmware = firmwareFor(family, { now });
  return { firmware, link: new SimLink(firmware) };
}
