import type { DeviceFamily } from '../core/profile/types.js';
import type { RunningSimulator } from '../sim/families/index.js';
import { startSimulator } from '../sim/firmware-for.js';
import { SimLink } from '../transport/sim-link.js';

/**
 * The simulated massager and its link, in a module of their own: the firmware is loaded only when
 * someone connects it, so it stays out of the first screen's JavaScript.
 */
export function simulatedMassager(
  family: DeviceFamily,
  now: number,
  service?: string,
): { readonly simulator: RunningSimulator; readonly link: SimLink } {
  const simulator = startSimulator(family, service === undefined ? { now } : { now, service });
  return { simulator, link: new SimLink(simulator.firmware) };
}
