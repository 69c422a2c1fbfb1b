import type { KneadingDirection } from '../commands.js';
import { decodeError, NO_FAULTS, type DeviceRejection, type DeviceReport, type DeviceStopCause } from '../device-report.js';
import { err, ok } from '../result.js';
import type { DecodeOutcome, StateDecoder } from './messages.js';

/**
 * The text-line family over the Nordic UART service (devices/uart-massager/PROTOCOL.md):
 * replies are ASCII lines that may arrive split across notifications, so this decoder keeps
 * the unfinished tail of a line between pushes.
 */
export const NORDIC_UART = {
  service: '6e400001-b5a3-f393-e0a9-e50e24dcca9e',
  /** The central writes here (the peripheral's RX). */
  rx: '6e400002-b5a3-f393-e0a9-e50e24dcca9e',
  /** The peripheral notifies here (its TX). */
  tx: '6e400003-b5a3-f393-e0a9-e50e24dcca9e',
  maxLine: 64,
} as const;

const REJECTIONS: Readonly<Record<string, DeviceRejection>> = {
  range: 'out-of-range',
  syntax: 'unknown-command',
  fault: 'fault-active',
  battery: 'low-battery',
};

const STOP_CAUSES: Readonly<Record<string, DeviceStopCause>> = {
  cmd: 'stop-command',
  watchdog: 'link-loss',
  link: 'link-loss',
  hot: 'over-temperature',
  sensor: 'sensor-fault',
  battery: 'low-battery',
};

const STATUS = /^ST V(\d{1,2}) H(\d{1,2}) T(-?\d{1,3}\.\d|--) F([0-7])$/;

function parseLine(line: string, heatCelsius: readonly number[]): DecodeOutcome {
  const source = 'uart line';
  if (line === 'OK') return ok({ kind: 'accepted' });
  const rejected = /^ERR ([a-z]+)$/.exec(line);
  if (rejected) return ok({ kind: 'rejected', rejection: REJECTIONS[rejected[1] ?? ''] ?? 'unknown' });
  const stopped = /^STOP ([a-z]+)$/.exec(line);
  if (stopped) return ok({ kind: 'stopped', cause: STOP_CAUSES[stopped[1] ?? ''] ?? 'unknown' });
  const status = STATUS.exec(line);
  if (!status) return err(decodeError(source, `"${line.slice(0, 24)}" is not a line this family sends`));
  const [, vib, heatC, temp, faultBits] = status;
  const setpoint = Number(heatC);
  // The device reports its heat setpoint in degrees; the app counts heat in steps.
  const heat = setpoint === 0 ? 0 : heatCelsius.indexOf(setpoint) + 1;
  if (heat === 0 && setpoint !== 0) return err(decodeError(source, `heat setpoint ${setpoint} °C is not one of the device's`));
  const heaterC = temp === '--' ? null : Number(temp);
  // As for the open protocol: a reading no contact sensor gives is garbled, not a temperature.
  if (heaterC !== null && (heaterC < -40 || heaterC > 125)) {
    return err(decodeError(source, `heater temperature ${heaterC} °C is outside any sensor's range`));
  }
  const faults = Number(faultBits);
  const direction: KneadingDirection = 'clockwise';
  const report: DeviceReport = {
    vibration: Number(vib),
    kneading: 0,
    direction,
    heat,
    heaterC,
    sessionArmed: null,
    sessionSecondsLeft: null,
    heatSecondsLeft: null,
    faults: {
      ...NO_FAULTS,
      overTemperature: (faults & 1) !== 0,
      sensorFault: (faults & 2) !== 0 || heaterC === null,
      lowBattery: (faults & 4) !== 0,
    },
    lastStop: 'none',
    lastRejection: null,
    sequence: null,
  };
  return ok({ kind: 'report', report });
}

export function createUartDecoder(heatCelsius: readonly number[]): StateDecoder {
  return createLineDecoder('uart line', NORDIC_UART.maxLine, (line) => parseLine(line, heatCelsius));
}

/**
 * Reassembles ASCII lines from notifications of any size (a line split across several, several
 * in one) and parses each whole line. Shared by the text families: their lines differ, the
 * rules for bytes do not. Fails closed: a control or non-ASCII byte, or a partial line longer
 * than `maxLine`, is an error, and the rest of that line up to its newline is dropped.
 */
export function createLineDecoder(source: string, maxLine: number, parse: (line: string) => DecodeOutcome): StateDecoder {
  let pending = '';
  // After a bad byte the rest of that line is dropped up to its newline: its tail must not be
  // read as a message of its own (the end of a garbled line can look like a status line).
  let spoiled = false;
  const spoil = (outcomes: DecodeOutcome[], message: string) => {
    pending = '';
    spoiled = true;
    outcomes.push(err(decodeError(source, message)));
  };
  return {
    push(data) {
      const outcomes: DecodeOutcome[] = [];
      for (const byte of data) {
        if (byte === 0x0a) {
          const line = pending.replace(/\r$/, '');
          pending = '';
          if (line.length > 0) outcomes.push(parse(line));
          spoiled = false;
        } else if (spoiled) {
          continue;
        } else if (byte < 0x20 && byte !== 0x0d) {
          spoil(outcomes, `control byte 0x${byte.toString(16)} inside a line`);
        } else if (byte > 0x7e) {
          spoil(outcomes, `non-ASCII byte 0x${byte.toString(16)} inside a line`);
        } else if (pending.length >= maxLine) {
          // A line this long was never sent by the family: drop it rather than grow without bound.
          spoil(outcomes, `line longer than ${maxLine} characters`);
        } else {
          pending += String.fromCharCode(byte);
        }
      }
      return outcomes;
    },
  };
}
