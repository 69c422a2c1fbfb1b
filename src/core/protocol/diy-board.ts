import type { KneadingDirection } from '../commands.js';
import { decodeError, NO_FAULTS, type DeviceRejection, type DeviceReport, type DeviceStopCause } from '../device-report.js';
import type { Capabilities, DeviceProfile, HeatLevel } from '../profile/types.js';
import { err, ok } from '../result.js';
import type { DecodeOutcome, StateDecoder } from './messages.js';
import { createLineDecoder } from './uart-text.js';

/**
 * The DIY board's text lines (devices/diy-board/PROTOCOL.md §4), over an HM-10-style module
 * (FFE0/FFE1) or a Nordic UART module: the same bytes on both.
 */
export const DIY_BOARD = {
  hm10: { service: '0000ffe0-0000-1000-8000-00805f9b34fb', data: '0000ffe1-0000-1000-8000-00805f9b34fb' },
  /** Board lines are at most 60 characters (§4); a partial line past 64 cannot be one (§1). */
  maxLine: 64,
  /** Default ATT MTU: a module passes at most 20 bytes per write or notification (§1). */
  maxWriteBytes: 20,
} as const;

const SOURCE = 'diy board line';

const REJECTIONS: Readonly<Record<string, DeviceRejection>> = {
  long: 'bad-length',
  syntax: 'unknown-command',
  range: 'out-of-range',
  link: 'unknown',
  button: 'fault-active',
  held: 'fault-active',
  fault: 'fault-active',
  sensor: 'fault-active',
  session: 'no-session',
  limit: 'out-of-range',
  heattime: 'out-of-range',
};

/**
 * The board's stop causes (§6) in the app's words. The board's watchdog fires when the app went
 * quiet, which the app treats as a lost link. A runaway (the reading does not follow the heater)
 * is a sensor fault, a stuck heater (it heats while switched off) an over-temperature: both end
 * a session as a fault, and both come with the instruction to unplug the pad.
 */
const STOP_CAUSES: Readonly<Record<string, DeviceStopCause>> = {
  cmd: 'stop-command',
  button: 'button',
  watchdog: 'link-loss',
  link: 'link-loss',
  deadline: 'deadline',
  new: 'new-session',
  hot: 'over-temperature',
  sensor: 'sensor-fault',
  runaway: 'sensor-fault',
  stuck: 'over-temperature',
  overrun: 'unknown',
};

/** A stop cause word of the board's (§6) in the app's words; 'unknown' for a word it does not know. */
export function diyStopCause(word: string): DeviceStopCause {
  return STOP_CAUSES[word] ?? 'unknown';
}

const STOP_WORD = Object.keys(STOP_CAUSES).join('|');

/** §4: every known field, in order; anything after X (a later minor version's fields) is ignored. */
const STATE_LINE = new RegExp(
  `^ST A([01]) V(\\d{1,2}) N(\\d),([01]) H(\\d{1,2}) G([01]) T(-?\\d{1,3}\\.\\d|--) S(\\d{1,4}) E(\\d{1,4}) F(\\d{1,2}) X(${STOP_WORD}|-)(?: \\S.*)?$`,
);
const CAP_LINE = /^CAP V(\d{1,2}) N(\d) H(?:0|(\d{2})-(\d{2})) S(\d{1,4})$/;
const BOOT_LINE = /^BOOT (power|external|brownout|watchdog|unknown) (\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** Fault bits of the F field (§4). */
const FAULT = { hot: 1, sensor: 2, runaway: 4, stuck: 8, button: 16 } as const;

function parseState(match: RegExpExecArray, profile: DeviceProfile): DecodeOutcome {
  const [, armed, vib, speed, dir, heatC, , temp, sessionLeft, heatLeft, faultBits, last] = match;
  const setpoint = Number(heatC);
  const heatLevels = profile.capabilities.heat?.levels ?? [];
  // The board reports its setpoint in degrees; the app counts heat in steps (one per degree).
  const heat = setpoint === 0 ? 0 : heatLevels.findIndex((l) => l.celsius === setpoint) + 1;
  if (heat === 0 && setpoint !== 0) return err(decodeError(SOURCE, `heat setpoint ${setpoint} °C is not one of the device's`));
  const heaterC = temp === '--' ? null : Number(temp);
  if (heaterC !== null && (heaterC < -40 || heaterC > 125)) {
    return err(decodeError(SOURCE, `heater temperature ${heaterC} °C is outside any sensor's range`));
  }
  const faults = Number(faultBits);
  if (faults > 31) return err(decodeError(SOURCE, `fault bits ${faults} are not a sum of the protocol's bits`));
  const direction: KneadingDirection = Number(dir) === profile.directionCodes.counterclockwise ? 'counterclockwise' : 'clockwise';
  const report: DeviceReport = {
    vibration: Number(vib),
    kneading: Number(speed),
    direction,
    heat,
    heaterC,
    sessionArmed: armed === '1',
    sessionSecondsLeft: Number(sessionLeft),
    heatSecondsLeft: Number(heatLeft),
    faults: {
      ...NO_FAULTS,
      overTemperature: (faults & (FAULT.hot | FAULT.stuck)) !== 0,
      sensorFault: (faults & (FAULT.sensor | FAULT.runaway)) !== 0 || heaterC === null,
    },
    lastStop: last === '-' || last === undefined ? 'none' : (STOP_CAUSES[last] ?? 'unknown'),
    lastRejection: null,
    sequence: null,
  };
  return ok({ kind: 'report', report });
}

/** The board's CAP line as capabilities: heat in whole degrees, one step per degree, as the profiles count it. */
function parseCap(match: RegExpExecArray): DecodeOutcome {
  const [, vib, speeds, low, high, seconds] = match;
  const levels: HeatLevel[] = [];
  if (low !== undefined && high !== undefined) {
    if (Number(low) > Number(high)) return err(decodeError(SOURCE, `heat range ${low}-${high} runs backwards`));
    for (let c = Number(low); c <= Number(high); c++) levels.push({ level: levels.length + 1, celsius: c });
  }
  const capabilities: Capabilities = {
    vibration: Number(vib) > 0 ? { steps: Number(vib) } : null,
    // Directions are always 0 and 1 on this board (§4).
    kneading: Number(speeds) > 0 ? { speeds: Number(speeds), reversible: true } : null,
    heat: levels.length > 0 ? { mode: 'celsius', levels } : null,
  };
  return ok({ kind: 'ranges', capabilities, sessionSeconds: Number(seconds) });
}

function parseLine(line: string, profile: DeviceProfile): DecodeOutcome {
  if (line === 'OK') return ok({ kind: 'accepted' });
  if (line === 'MSG UNPLUG THE PAD') return ok({ kind: 'instruction', instruction: 'unplug-pad' });
  const rejected = /^ERR ([a-z]+)$/.exec(line);
  if (rejected) return ok({ kind: 'rejected', rejection: REJECTIONS[rejected[1] ?? ''] ?? 'unknown' });
  const stopped = /^STOP ([a-z]+)$/.exec(line);
  if (stopped) return ok({ kind: 'stopped', cause: STOP_CAUSES[stopped[1] ?? ''] ?? 'unknown' });
  const state = STATE_LINE.exec(line);
  if (state) return parseState(state, profile);
  const cap = CAP_LINE.exec(line);
  if (cap) return parseCap(cap);
  const boot = BOOT_LINE.exec(line);
  if (boot) return ok({ kind: 'booted', cause: boot[1] ?? 'unknown', version: boot[2] ?? '' });
  return err(decodeError(SOURCE, `"${line.slice(0, 24)}" is not a line this board sends`));
}

/** A fresh decoder per connection: it keeps the unfinished tail of a line between notifications. */
export function createDiyBoardDecoder(profile: DeviceProfile): StateDecoder {
  return createLineDecoder(SOURCE, DIY_BOARD.maxLine, (line) => parseLine(line, profile));
}

/** The board's ranges are asked for at every connect; the leading newline ends any partial line (§3). */
export const ASK_RANGES = '\n?\n';
