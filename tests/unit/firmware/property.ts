import type { DiyBoard } from '../../../src/sim/avr/board.js';
import { freshBoard } from './vectors.js';

/**
 * Random sequences of lines, noise, link drops, button presses, power cycles and time, against
 * the committed binary, checking the pins every millisecond of virtual time. The checks are
 * one-sided, so that they never need to guess which line the board took:
 * - no output pin above the sequence's limits (every limits line of a sequence carries the same
 *   limits, and noise never holds an 'L', so no other limits can be armed);
 * - no output on unless a limits line has been sent since the last stop the test caused (a stop
 *   line, the button, a link drop, a power cycle) and less than its session time ago, and a line
 *   arrived in the last 5 s (the keep-alive watchdog);
 * - a stop line or the button always takes every output off, in 5 ms;
 * - the chip never resets by itself (no watchdog reset, so no reset loop).
 */
export interface Limits {
  readonly vibration: number;
  readonly kneading: number;
  readonly heatC: number;
  readonly sessionS: number;
}

/** A small seeded generator (mulberry32), so a failing sequence can be run again by its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BYTE_MS = (10 / 9600) * 1000 + 0.05; // one byte at 9600 baud, 8N1, with a little slack

interface Model {
  limits: Limits;
  /** When the test last did something that must stop the board (ms of board time). */
  stoppedAt: number;
  /** When each limits line's bytes had all arrived (ms of board time). */
  arms: number[];
  lastLineAt: number;
  /** Times by which a stop the test caused must have taken effect. */
  stops: number[];
  buttonLatched: boolean;
  linkDownSince: number | null;
}

export interface SequenceResult {
  readonly seed: number;
  readonly violations: string[];
  readonly virtualMs: number;
  /** What the board said, for a failing seed's story. */
  readonly lines: readonly string[];
}

export function runSequence(flash: Uint8Array, seed: number, actions = 10, trace?: (what: string) => void): SequenceResult {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const board = freshBoard(flash);
  const start = board.nowMs;
  const limits: Limits = { vibration: int(0, 10), kneading: int(0, 3), heatC: [0, 34, 38, 40][int(0, 3)] ?? 0, sessionS: int(1, 3) };
  const model: Model = {
    limits,
    stoppedAt: board.nowMs,
    arms: [],
    lastLineAt: board.nowMs,
    stops: [],
    buttonLatched: false,
    linkDownSince: null,
  };
  const violations: string[] = [];

  const arrival = (bytes: number) => board.nowMs + (board.serialBacklog + bytes) * BYTE_MS;
  const note = (what: string) => trace?.(`${Math.round(board.nowMs - start)} ms: ${what}`);
  const sendLine = (text: string) => {
    note(`send ${text}`);
    const line = `${text}\n`;
    const at = arrival(line.length);
    board.writeSerial(line);
    model.lastLineAt = Math.max(model.lastLineAt, at);
    return at;
  };
  const stopNow = (dueAt: number) => {
    model.stops.push(dueAt);
  };

  const check = () => {
    const now = board.nowMs;
    const p = board.pins();
    const on = !board.allOutputsLow();
    const where = `seed ${seed} at ${Math.round(now - start)} ms`;
    if (p.vibrationDuty > Math.floor((limits.vibration * 255) / 10))
      violations.push(`${where}: vibration duty ${p.vibrationDuty} above ${limits.vibration}`);
    if (p.kneadingDuty > limits.kneading * 85) violations.push(`${where}: kneading duty ${p.kneadingDuty} above ${limits.kneading}`);
    if (p.heater && limits.heatC === 0) violations.push(`${where}: heater on in a session without heat`);
    if (!on) return;
    const lastStop = Math.max(-Infinity, ...model.stops.filter((t) => t <= now));
    // The session an output may belong to: armed after the last stop that is due, and not past
    // its deadline.
    const arms = model.arms.filter((t) => t - 1 <= now && t > lastStop);
    if (arms.length === 0) {
      violations.push(`${where}: an output on ${model.arms.some((t) => t <= now) ? 'after a stop was due' : 'without an armed session'}`);
    } else if (arms.every((t) => now > t + limits.sessionS * 1000 + 50)) {
      violations.push(`${where}: an output on past the session deadline`);
    }
    if (now > model.lastLineAt + 5000 + 50) violations.push(`${where}: an output on 5 s after the last line`);
  };

  const wait = (ms: number) => {
    for (let i = 0; i < ms && violations.length < 5; i++) {
      board.runFor(1);
      if (model.linkDownSince !== null && board.nowMs - model.linkDownSince > 130) {
        stopNow(model.linkDownSince + 130);
        model.linkDownSince = Infinity; // noted once per drop
      }
      check();
    }
  };

  const noise = () => {
    const n = int(1, 30);
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) {
      let b = int(0, 255);
      if (b === 0x4c) b = 0x4d; // never an 'L': noise must not arm other limits
      bytes.push(b);
    }
    if (rnd() < 0.5) bytes.push(0x0a);
    note(`noise ${bytes.map((b) => b.toString(16)).join(' ')}`);
    board.writeSerial(Uint8Array.from(bytes));
    // A noise line starting with 'S' is a stop too, and a line the board took feeds its
    // watchdog; the checks need neither (they are one-sided).
  };

  for (let k = 0; k < actions && violations.length === 0; k++) {
    const r = rnd();
    if (r < 0.2) {
      const at = sendLine(`L${limits.vibration},${limits.kneading},${limits.heatC},${limits.sessionS},${int(0, limits.sessionS)}`);
      if (!model.buttonLatched && model.linkDownSince === null) model.arms.push(at + 2);
    } else if (r < 0.32) sendLine(`V${int(0, 11)}`);
    else if (r < 0.42) sendLine(`N${int(0, 4)},${int(0, 2)}`);
    else if (r < 0.5) sendLine(`H${[0, 33, 34, 36, 38, 40, 41][int(0, 6)] ?? 0}`);
    else if (r < 0.62) sendLine('K');
    else if (r < 0.68)
      stopNow(sendLine(rnd() < 0.8 ? '\nS' : '\nSgarbled') + 5); // as the app sends it: PROTOCOL.md section 3
    else if (r < 0.75) noise();
    else if (r < 0.78) sendLine(`V${'9'.repeat(int(20, 40))}`);
    else if (r < 0.82) {
      const line = `V${int(0, 11)}\n`;
      const cut = int(1, line.length - 1);
      board.writeSerial(line.slice(0, cut));
      wait(int(1, 30));
      const at = arrival(line.length - cut);
      board.writeSerial(line.slice(cut));
      model.lastLineAt = Math.max(model.lastLineAt, at);
    } else if (r < 0.87) {
      note('link down');
      board.setLink(false);
      model.linkDownSince = board.nowMs;
      wait(int(20, 250));
      board.setLink(true);
      model.linkDownSince = null;
      note('link up');
    } else if (r < 0.92) {
      note('button');
      board.setButton(true);
      model.buttonLatched = true;
      stopNow(board.nowMs + 5);
      wait(int(2, 150));
      board.setButton(false);
    } else if (r < 0.96) {
      // R clears the latch only 50 ms after release; the model only trusts one sent well after.
      sendLine('R');
      model.buttonLatched = false;
    } else if (r < 0.99) {
      note('power cycle');
      board.powerCycle();
      stopNow(board.nowMs);
      model.lastLineAt = board.nowMs;
      model.buttonLatched = false; // a reset clears every latch
    } else {
      note('silence');
      wait(5200); // long enough for the keep-alive watchdog
    }
    wait(int(0, 120));
  }
  wait(200);
  if (board.resets.some((r) => r.cause === 'watchdog')) violations.push(`seed ${seed}: the chip's watchdog reset it`);
  return { seed, violations, virtualMs: board.nowMs - start, lines: board.lines };
}

/** Runs `count` sequences from `firstSeed`, stopping early after the tenth violation. */
export function runSequences(flash: Uint8Array, count: number, firstSeed = 1): { failures: string[]; virtualMs: number; ran: number } {
  const failures: string[] = [];
  let virtualMs = 0;
  let ran = 0;
  for (let i = 0; i < count && failures.length < 10; i++) {
    const result = runSequence(flash, firstSeed + i);
    ran++;
    virtualMs += result.virtualMs;
    failures.push(...result.violations.slice(0, 2));
  }
  return { failures, virtualMs, ran };
}

export type { DiyBoard };
