import type { DeviceFamily } from '../core/profile/types.js';
import type { SimulatedMassager } from './firmware-base.js';
import { SIM_FAMILIES, type RunningSimulator, type SimulatorOptions } from './families/index.js';

/** Any simulated massager the app can run in the page: one firmware per protocol family. */
export type { SimulatedMassager } from './firmware-base.js';

/** The simulated firmware that speaks `family`, with the simulator panel's view of it. */
export function startSimulator(family: DeviceFamily, options: SimulatorOptions = {}): RunningSimulator {
  return SIM_FAMILIES[family].start(options);
}

/** The simulated firmware that speaks `family`, as a device of that family would. */
export function firmwareFor(family: DeviceFamily, options: SimulatorOptions = {}): SimulatedMassager {
  return startSimulator(family, options).firmware;
}
