import type { DeviceFamily } from '../../core/profile/types.js';
import { diyBoardV1 } from './diy-board-v1.js';
import type { SimulatedFamily } from './family.js';
import { openMassagerV1 } from './open-massager-v1.js';
import { uartTextV1 } from './uart-text-v1.js';

/** Every family's simulated firmware, by id: a family named in DeviceFamily with none here is a compile error. */
export const SIM_FAMILIES: { readonly [F in DeviceFamily]: SimulatedFamily } = {
  'open-massager-v1': openMassagerV1,
  'uart-text-v1': uartTextV1,
  'diy-board-v1': diyBoardV1,
};

export type { RunningSimulator, SimulatedFamily, SimulatorOptions, SimulatorRow } from './family.js';
