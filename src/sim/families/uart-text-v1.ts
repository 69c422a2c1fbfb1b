import { UartMassagerFirmware } from '../uart-massager-firmware.js';
import { boardRows, simulatedFamily } from './family.js';

/** The text-line massager keeps no session and no limits: only its outputs and its watchdog. */
export const uartTextV1 = simulatedFamily(
  (options) => new UartMassagerFirmware(options),
  (s) => [
    { label: 'Vibration', value: `${s.vibration}`, testId: 'fw-vibration' },
    { label: 'Heat setpoint', value: s.heat === 0 ? 'off' : `${s.heat} °C`, testId: 'fw-heat' },
    { label: 'Last line heard', value: s.linesHeard.at(-1) ?? 'none' },
    ...boardRows(s, s.lastStopWasWatchdog ? 'watchdog' : s.lastStop),
  ],
);
