import { OpenMassagerFirmware } from '../sim/open-massager-firmware.js';
import { SimLink } from '../transport/sim-link.js';

/**
 * The simulated massager and its link, in a module of their own: the firmware is loaded only when
 * someone connects it, so it stays out of the first screen's JavaScript.
 */
export function simulatedMassager(now: number): { readonly firmware: OpenMassagerFirmware; readonly link: SimLink } {
  const firmware = new OpenMassagerFirmware({ now });
  return { firmware, link: new SimLink(firmware) };
}
