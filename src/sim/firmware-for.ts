import type { DeviceFamily } from '../core/profile/types.js';
import { OpenMassagerFirmware } from './open-massager-firmware.js';
import { UartMassagerFirmware } from './uart-massager-firmware.js';

/** Any simulated massager the app can run in the page: one firmware per protocol family. */
export type SimulatedMassager = OpenMassagerFirmware | UartMassagerFirmware;

/** The simulated firmware that speaks `family`, as a device of that family would. */
export function firmwareFor(family: DeviceFamily, options: { readonly name?: string; readonly now?: number } = {}): SimulatedMassager {
  switch (family) {
    case 'open-massager-v1':
      return new OpenMassagerFirmware(options);
    case 'uart-text-v1':
      return new UartMassagerFirmware(options);
  }
}
