import hex from '../../../firmware/easeback-diy.hex?raw';
import { NORDIC_UART } from '../../core/protocol/uart-text.js';
import { DiyBoard } from '../avr/board.js';
import { parseIntelHex } from '../avr/intel-hex.js';
import { DiyBoardPeripheral, type DiyBoardSnapshot } from '../diy-board-module.js';
import { simulatedFamily, type SimulatorRow } from './family.js';

/** A duty of 0..255 as a percentage, as the simulator panel shows each PWM pin. */
function percent(duty: number): string {
  return `${Math.round((duty * 100) / 255)} %`;
}

/** The pins first: this simulator's point is what the real firmware does at its outputs. */
export function diyBoardRows(s: DiyBoardSnapshot): readonly SimulatorRow[] {
  return [
    { label: 'Vibration pin (D9)', value: `${percent(s.pins.vibrationDuty)} duty`, testId: 'fw-vibration' },
    { label: 'Kneading pin (D10)', value: `${percent(s.pins.kneadingDuty)} duty, ${s.direction}`, testId: 'fw-kneading' },
    { label: 'Heater gate (D3)', value: s.pins.heater ? 'on' : 'off', testId: 'fw-heat' },
    { label: 'Pad', value: `${s.heaterC.toFixed(1)} °C` },
    { label: 'LED (D13)', value: s.pins.led ? 'on' : 'off' },
    { label: 'STOP button (D4)', value: s.buttonPressed ? 'pressed' : 'released' },
    { label: 'Session armed', value: s.armed ? 'yes' : 'no' },
    { label: 'Last stop', value: s.lastStop },
  ];
}

/** The real firmware binary on the emulated chip, behind an HM-10-style module, in step with the page's clock. */
export const diyBoardV1 = simulatedFamily(
  (options) =>
    new DiyBoardPeripheral(new DiyBoard(parseIntelHex(hex)), {
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.now === undefined ? {} : { now: options.now }),
      module: options.service === NORDIC_UART.service ? 'nus' : 'hm10',
      maxStepMs: 250,
    }),
  diyBoardRows,
);
