import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiyBoard } from '../../../src/sim/avr/board.js';
import { parseIntelHex } from '../../../src/sim/avr/intel-hex.js';
import { vectorCounts } from '../../../src/sim/avr/ntc.js';

/**
 * The shared vectors (firmware/test/vectors.txt, format in firmware/test/host_test.c) run against
 * the committed AVR binary in the emulated board, with the same expectations as the host test.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const HEX_PATH = `${ROOT}firmware/easeback-diy.hex`;
export const VECTORS_PATH = `${ROOT}firmware/test/vectors.txt`;

/** The committed hex; EASEBACK_FIRMWARE_HEX names another (to check that a broken build fails). */
export function loadFirmware(): Uint8Array {
  return parseIntelHex(readFileSync(process.env.EASEBACK_FIRMWARE_HEX ?? HEX_PATH, 'utf8'));
}

export interface Step {
  readonly lineNo: number;
  readonly directive: string;
  readonly arg: string;
}

export interface VectorCase {
  readonly name: string;
  readonly lineNo: number;
  readonly steps: Step[];
}

export function parseVectors(text: string): VectorCase[] {
  const cases: VectorCase[] = [];
  let current: VectorCase | null = null;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const space = line.indexOf(' ');
    const directive = space < 0 ? line : line.slice(0, space);
    const arg = space < 0 ? '' : line.slice(space + 1);
    if (directive === 'case') {
      current = { name: arg, lineNo: index + 1, steps: [] };
      cases.push(current);
    } else if (current) {
      current.steps.push({ lineNo: index + 1, directive, arg });
    } else {
      throw new Error(`vectors.txt:${index + 1}: a step before the first case`);
    }
  }
  return cases;
}

const EXPECT_WITHIN_MS = 600;
const SETTLE_MS = 300;

/** A fresh board as a case starts: STATE high, 30.0 °C, button up, 300 ms to settle, lines dropped. */
export function freshBoard(flash: Uint8Array): DiyBoard {
  const board = new DiyBoard(flash);
  board.setLink(true);
  board.forcedCounts = vectorCounts(30);
  board.runFor(SETTLE_MS);
  board.lines.length = 0;
  return board;
}

function hexBytes(arg: string): Uint8Array {
  return Uint8Array.from(
    arg
      .split(' ')
      .filter(Boolean)
      .map((token) => Number.parseInt(token, 16)),
  );
}

/** Runs one case; returns its failures ("vectors.txt:<line>: what"), empty when it passed. */
export function runCase(flash: Uint8Array, vectorCase: VectorCase): string[] {
  const failures: string[] = [];
  const board = freshBoard(flash);
  let read = 0;
  let keepaliveMs = 0;
  let sinceKeepalive = 0;
  let keepaliveOks = 0;

  const fail = (step: Step, what: string) => failures.push(`vectors.txt:${step.lineNo}: ${what}`);
  const dropLines = () => {
    read = board.lines.length;
    keepaliveOks = 0;
  };

  /** The host's expect: 'match', a mismatching line, or null while no deciding line has come. */
  const scan = (prefix: string): string | null => {
    const wantState = prefix === 'ST' || prefix.startsWith('ST ');
    while (read < board.lines.length) {
      const line = board.lines[read++] ?? '';
      if (!wantState && line.startsWith('ST ')) continue;
      if (wantState && !line.startsWith(prefix)) continue;
      if (keepaliveOks > 0 && line === 'OK') {
        keepaliveOks--;
        continue;
      }
      return line.startsWith(prefix) ? 'match' : line;
    }
    return null;
  };

  for (const step of vectorCase.steps) {
    switch (step.directive) {
      case 'send':
        dropLines();
        board.writeSerial(`${step.arg}\n`);
        break;
      case 'raw':
        dropLines();
        board.writeSerial(hexBytes(step.arg));
        break;
      case 'wait': {
        // Relative to now: the board may be a few milliseconds ahead of the host test after an
        // expect (its lines take serial time), and the vectors leave margins for that.
        const ms = Number(step.arg);
        for (let i = 0; i < ms; i++) {
          board.runFor(1);
          if (keepaliveMs > 0 && ++sinceKeepalive >= keepaliveMs && ms - i > 50) {
            sinceKeepalive = 0;
            board.writeSerial('K\n');
            keepaliveOks++;
          }
        }
        break;
      }
      case 'keepalive':
        keepaliveMs = Number(step.arg);
        sinceKeepalive = 0;
        break;
      case 'expect': {
        const result: { outcome: string | null } = { outcome: null };
        board.runUntil(() => (result.outcome = scan(step.arg)) !== null, EXPECT_WITHIN_MS);
        const { outcome } = result;
        if (outcome === null) fail(step, `no line within ${EXPECT_WITHIN_MS} ms, expected "${step.arg}..."`);
        else if (outcome !== 'match') fail(step, `got "${outcome}", expected "${step.arg}..."`);
        break;
      }
      case 'temp':
        board.forcedCounts = vectorCounts(Number(step.arg));
        break;
      case 'adc':
        board.forcedCounts = Number(step.arg);
        break;
      case 'link':
        board.setLink(step.arg === '1');
        break;
      case 'button':
        board.setButton(step.arg === '1');
        break;
      case 'pins': {
        const p = board.pins();
        const values: Record<string, number> = {
          vib: p.vibrationDuty,
          knead: p.kneadingDuty,
          in1: Number(p.in1),
          in2: Number(p.in2),
          heater: Number(p.heater),
        };
        for (const token of step.arg.split(' ').filter(Boolean)) {
          if (token === 'off') {
            if (!board.allOutputsLow()) fail(step, `output pins not all off: ${JSON.stringify(values)}`);
            continue;
          }
          const [key = '', want = ''] = token.split('=');
          if (values[key] !== Number(want)) fail(step, `pin ${key} is ${String(values[key])}, expected ${want}`);
        }
        break;
      }
      default:
        fail(step, `unknown directive ${step.directive}`);
    }
  }
  return failures;
}
