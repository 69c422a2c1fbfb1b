import type { DeviceFamily } from '../core/profile/types.js';
import type { RunningSimulator, SimulatedFamily } from '../sim/families/index.js';
import { openMassagerV1 } from '../sim/families/open-massager-v1.js';
import { uartTextV1 } from '../sim/families/uart-text-v1.js';
import { SimLink } from '../transport/sim-link.js';

/**
 * The simulated firmware of `family`. The DIY board's is the real firmware binary on an emulated
 * chip (avr8js and the hex, most of this module's weight): it is loaded only when that board is
 * chosen. A family missing here is a compile error (the switch must return for every one).
 */
async function simulatedFamily(family: DeviceFamily): Promise<SimulatedFamily> {
  switch (family) {
    case 'open-massager-v1':
      return openMassagerV1;
    case 'uart-text-v1':
      return uartTextV1;
    case 'diy-board-v1':
      return (await import('../sim/families/diy-board-v1.js')).diyBoardV1;
  }
}

/**
 * The simulated massager and its link, in a module of their own: the firmware is loaded only when
 * someone connects it, so it stays out of the first screen's JavaScript.
 */
export async function simulatedMassager(
  family: DeviceFamily,
  clock: () => number,
  service?: string,
): Promise<{ readonly simulator: RunningSimulator; readonly link: SimLink }> {
  const simulated = await simulatedFamily(family);
  // The firmware's time starts once it is loaded, not before: it would otherwise start behind.
  const now = clock();
  const simulator = simulated.start(service === undefined ? { now } : { now, service });
  return { simulator, link: new SimLink(simulator.firmware) };
}
