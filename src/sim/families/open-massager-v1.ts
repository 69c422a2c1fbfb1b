import { OpenMassagerFirmware } from '../open-massager-firmware.js';
import { boardRows, simulatedFamily } from './family.js';

export const openMassagerV1 = simulatedFamily(
  (options) => new OpenMassagerFirmware(options),
  (s) => [
    { label: 'Session armed', value: s.armed ? 'yes' : 'no' },
    { label: 'Vibration', value: `${s.vibration}`, testId: 'fw-vibration' },
    { label: 'Kneading', value: `${s.kneading} (${s.direction === 0 ? 'clockwise' : 'counterclockwise'})`, testId: 'fw-kneading' },
    { label: 'Heat level', value: `${s.heat}`, testId: 'fw-heat' },
    ...boardRows(s),
  ],
);
