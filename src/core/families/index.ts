import type { DeviceFamily } from '../profile/types.js';
import { diyBoardV1 } from './diy-board-v1.js';
import type { DeviceFamilyModule } from './family.js';
import { openMassagerV1 } from './open-massager-v1.js';
import { uartTextV1 } from './uart-text-v1.js';

/**
 * Every family the core can run, by id. Typed by DeviceFamily, so a family named there with no
 * module here is a compile error (and so is a module for a family not named there).
 */
export const FAMILIES: { readonly [F in DeviceFamily]: DeviceFamilyModule } = {
  'open-massager-v1': openMassagerV1,
  'uart-text-v1': uartTextV1,
  'diy-board-v1': diyBoardV1,
};

export type { DeviceFamilyModule } from './family.js';
