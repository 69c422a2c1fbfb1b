import type { DiyBoard } from '../../../src/sim/avr/board.js';
import { CPU_HZ } from '../../../src/sim/avr/chip.js';
import { seededRandom } from '../support/fuzz.js';
import { freshBoard } from './vectors.js';

/**
 * Random sequences of lines, noise, floods of lines, link drops, button presses, power cycles and
 * time, against the committed binary, checking the pins every millisecond of virtual time. The
 * checks are one-sided, so that they never need to guess which line the board took:
 * - no output pin above the limits of any session that may be armed: one armed by a limits line
 *   sent since the last stop the test caused (a stop line, the button, a link drop, a power
 *   cycle) and not yet past its deadline. Each limits line carries limits of its own;
 * - no output on without such a session, no heater on past every such session's heat time, and
 *   none 5 s after the last line could have been taken (the keep-alive watchdog);
 * - a stop line or the button always takes every output off in 5 ms, and keeps it off;
 * - the chip never resets by itself (no watchdog reset, so no reset loop).
 *
 * Noise is any byte, an 'L' too. A noise line that the board took as limits would show up as a
 * violation here (an output without a session), never hide one; random bytes that happen to
 * form a whole valid limits line are about as likely as a 1 in 10^12 draw.
 *
 * When a line can first have been taken is not estimated: it is the cycle at which the line's
 * newline landed in the chip's USART, which the board model reports (onByteReceived). A limits
 * line counts from then, and a stop line is due 5 ms after it. (An estimate from the baud rate
 * drifted by a few ms over a long backlog, and once let a limits line count as not yet arrived
 * when the board had already taken it and a setting after it: seed 1079.)
 *
 * A flood writes dozens of lines at once, faster than the board's 9600-baud replies can drain:
 * the board then takes its lines late (up to a second or more), or loses bytes and stops with
 * `STOP overrun`. While it works through a flood, the deadline and watchdog checks wait (the
 * model cannot know how late each line was taken) and then count every flood line as taken when
 * the board fell quiet; the limit, session and stop checks run throughout.
 */
export interface Limits {
  readonly vibration: number;
  readonly kneading: number;
  readonly heatC: number;
  readonly sessionS: number;
  readonly heatS: number;
}

const BYTE_MS = (10 / 9600) * 1000 + 0.05; // one byte at 9600 baud, 8N1, with a little slack (a late bound)
/** How long the board's output must stay silent, with nothing left to send it, to count as quiet. */
const QUIET_MS = 40;

/** A limits line the board may have taken. */
interface Arm {
  readonly limits: Limits;
  /** The earliest it can have armed (ms of board time): its newline's landing in the USART
   * (Infinity until it has landed). */
  from: number;
  /** The latest it can have been taken: just after its landing, or when the board fell quiet after a flood. */
  by: number;
}

interface Model {
  arms: Arm[];
  /** The latest a line can have been taken (the keep-alive watchdog runs from it). */
  lastLineBy: number;
  /** Times by which a stop the test caused must have taken effect. */
  stops: number[];
  buttonLatched: boolean;
  linkDownSince: number | null;
  /** Working through a flood: when each line was taken is not known yet. */
  flooding: boolean;
}

export interface SequenceResult {
  readonly seed: number;
  readonly violations: string[];
  readonly virtualMs: number;
  /** What the board said, for a failing seed's story. */
  readonly lines: readonly string[];
}

export function runSequence(flash: Uint8Array, seed: number, actions = 10, trace?: (what: string) => void): SequenceResult {
  const rnd = seededRandom(seed); // mulberry32: a failing sequence runs again from its seed
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const board = freshBoard(flash);
  const start = board.nowMs;
  // Bytes written to the board's RX so far, and what waits for a given byte to land in the USART.
  let written = 0;
  const landings: { readonly byte: number; readonly landed: (ms: number) => void }[] = [];
  board.onByteReceived = (_byte, cycle) => {
    // Bytes the board's serial line has consumed, this one included (a byte lost while the chip
    // was resetting counts too: anything waiting for it is resolved by the next one to land).
    const consumed = written - board.serialBacklog;
    const ms = cycle / (CPU_HZ / 1000);
    while (landings.length > 0 && (landings[0]?.byte ?? Infinity) <= consumed) landings.shift()?.landed(ms);
  };
  /** Writes bytes; `onLanded` runs when the byte at `at` (0-based, within these) lands. */
  const write = (data: string | Uint8Array, onLanded: readonly { readonly at: number; readonly landed: (ms: number) => void }[] = []) => {
    for (const { at, landed } of onLanded) landings.push({ byte: written + at + 1, landed });
    written += data.length;
    board.writeSerial(data);
  };
  let lastOutMs = board.nowMs;
  board.onSerialOut = () => {
    lastOutMs = board.nowMs;
  };
  const model: Model = {
    arms: [],
    lastLineBy: board.nowMs,
    stops: [],
    buttonLatched: false,
    linkDownSince: null,
    flooding: false,
  };
  const violations: string[] = [];

  const randomLimits = (): Limits => {
    const sessionS = int(1, 3);
    return {
      vibration: int(0, 10),
      kneading: int(0, 3),
      heatC: [0, 34, 38, 40][int(0, 3)] ?? 0,
      sessionS,
      heatS: int(0, sessionS),
    };
  };
  const limitsLine = (l: Limits) => `L${l.vibration},${l.kneading},${l.heatC},${l.sessionS},${l.heatS}`;
  const mayArm = () => !model.buttonLatched && model.linkDownSince === null;

  const arrival = (bytes: number) => board.nowMs + (board.serialBacklog + bytes) * BYTE_MS;
  const note = (what: string) => trace?.(`${Math.round(board.nowMs - start)} ms: ${what}`);
  /** Sends one line; `landed` runs when its newline lands in the USART. */
  const sendLine = (text: string, landed?: (ms: number) => void) => {
    note(`send ${JSON.stringify(text)}`);
    const line = `${text}\n`;
    const at = arrival(line.length);
    write(line, landed ? [{ at: line.length - 1, landed }] : []);
    model.lastLineBy = Math.max(model.lastLineBy, at);
  };
  const stopNow = (dueAt: number) => {
    model.stops.push(dueAt);
  };
  /** A stop line is due 5 ms after its newline lands (the check runs every millisecond). */
  const stopLineLanded = (ms: number) => stopNow(ms + 5);

  const check = () => {
    const now = board.nowMs;
    if (board.allOutputsLow()) return;
    const p = board.pins();
    const where = `seed ${seed} at ${Math.round(now - start)} ms`;
    const lastStop = Math.max(-Infinity, ...model.stops.filter((t) => t <= now));
    // The sessions an output may belong to: armed after the last stop that is due, and not past
    // their deadlines.
    const since = model.arms.filter((a) => a.from <= now && a.from > lastStop);
    const live = model.flooding ? since : since.filter((a) => now <= a.by + a.limits.sessionS * 1000 + 50);
    if (since.length === 0) {
      violations.push(
        `${where}: an output on ${model.arms.some((a) => a.from <= now) ? 'after a stop was due' : 'without an armed session'}`,
      );
      return;
    }
    if (live.length === 0) {
      violations.push(`${where}: an output on past the session deadline`);
      return;
    }
    const most = (pick: (l: Limits) => number) => Math.max(...live.map((a) => pick(a.limits)));
    if (p.vibrationDuty > Math.floor((most((l) => l.vibration) * 255) / 10))
      violations.push(`${where}: vibration duty ${p.vibrationDuty} above level ${most((l) => l.vibration)}`);
    if (p.kneadingDuty > most((l) => l.kneading) * 85)
      violations.push(`${where}: kneading duty ${p.kneadingDuty} above speed ${most((l) => l.kneading)}`);
    if (p.heater) {
      const heat = live.filter((a) => a.limits.heatC > 0);
      if (heat.length === 0) violations.push(`${where}: heater on in a session without heat`);
      else if (!model.flooding && heat.every((a) => now > a.by + a.limits.heatS * 1000 + 50))
        violations.push(`${where}: heater on past the heat time`);
    }
    if (!model.flooding && now > model.lastLineBy + 5000 + 50) violations.push(`${where}: an output on 5 s after the last line`);
  };

  const step = () => {
    board.runFor(1);
    if (model.linkDownSince !== null && board.nowMs - model.linkDownSince > 130) {
      stopNow(model.linkDownSince + 130);
      model.linkDownSince = Infinity; // noted once per drop
    }
    check();
  };

  const wait = (ms: number) => {
    for (let i = 0; i < ms && violations.length < 5; i++) step();
  };

  const noise = () => {
    const n = int(1, 30);
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) bytes.push(int(0, 255));
    if (rnd() < 0.5) bytes.push(0x0a);
    note(`noise ${bytes.map((b) => b.toString(16)).join(' ')}`);
    write(Uint8Array.from(bytes));
    // A noise line starting with 'S' is a stop too, and a line the board took feeds its
    // watchdog; the checks need neither (they are one-sided).
  };

  /** Dozens of lines in one write, then run until the board has answered them all. */
  const flood = () => {
    const count = int(8, 60);
    const stopAt = rnd() < 0.4 ? int(0, count - 1) : -1;
    const pending: Arm[] = [];
    const landed: { at: number; landed: (ms: number) => void }[] = [];
    let text = '';
    for (let i = 0; i < count; i++) {
      const r = rnd();
      let line: string;
      let limits: Limits | null = null;
      if (i === stopAt) line = '\nS';
      else if (r < 0.2) {
        limits = randomLimits();
        line = limitsLine(limits);
      } else if (r < 0.5) line = `V${int(0, 11)}`;
      else if (r < 0.7) line = `N${int(0, 4)},${int(0, 2)}`;
      else if (r < 0.8) line = `H${[0, 34, 38, 40, 41][int(0, 4)] ?? 0}`;
      else line = 'K';
      text += `${line}\n`;
      if (limits && mayArm()) {
        const arm: Arm = { limits, from: Infinity, by: Infinity };
        pending.push(arm);
        landed.push({
          at: text.length - 1,
          landed: (ms) => {
            arm.from = ms;
            note(`${line} landed at ${(ms - start).toFixed(2)} ms`);
          },
        });
      }
      if (i === stopAt) landed.push({ at: text.length - 1, landed: stopLineLanded });
    }
    note(`flood of ${count} lines ${JSON.stringify(text)}`);
    model.arms.push(...pending);
    model.flooding = true;
    write(text, landed);
    const limit = board.nowMs + 30_000;
    while (violations.length < 5 && (board.serialBacklog > 0 || board.nowMs - lastOutMs < QUIET_MS)) {
      if (board.nowMs > limit) {
        violations.push(`seed ${seed}: the board never fell quiet after a flood`);
        break;
      }
      step();
    }
    // Every flood line has been taken (or lost) by now.
    for (const arm of pending) arm.by = board.nowMs;
    model.lastLineBy = Math.max(model.lastLineBy, board.nowMs);
    model.flooding = false;
    note('flood answered');
  };

  for (let k = 0; k < actions && violations.length === 0; k++) {
    const r = rnd();
    if (r < 0.18) {
      const limits = randomLimits();
      if (mayArm()) {
        const arm: Arm = { limits, from: Infinity, by: Infinity };
        model.arms.push(arm);
        sendLine(limitsLine(limits), (ms) => {
          arm.from = ms;
          arm.by = ms + 2;
        });
      } else sendLine(limitsLine(limits));
    } else if (r < 0.3) sendLine(`V${int(0, 11)}`);
    else if (r < 0.39) sendLine(`N${int(0, 4)},${int(0, 2)}`);
    else if (r < 0.46) sendLine(`H${[0, 33, 34, 36, 38, 40, 41][int(0, 6)] ?? 0}`);
    else if (r < 0.57) sendLine('K');
    else if (r < 0.63)
      sendLine(rnd() < 0.8 ? '\nS' : '\nSgarbled', stopLineLanded); // as the app sends it: PROTOCOL.md section 3
    else if (r < 0.69) noise();
    else if (r < 0.72) sendLine(`V${'9'.repeat(int(20, 40))}`);
    else if (r < 0.76) {
      const line = `V${int(0, 11)}\n`;
      const cut = int(1, line.length - 1);
      write(line.slice(0, cut));
      wait(int(1, 30));
      const at = arrival(line.length - cut);
      write(line.slice(cut));
      model.lastLineBy = Math.max(model.lastLineBy, at);
    } else if (r < 0.8) flood();
    else if (r < 0.85) {
      note('link down');
      board.setLink(false);
      model.linkDownSince = board.nowMs;
      wait(int(20, 250));
      board.setLink(true);
      model.linkDownSince = null;
      note('link up');
    } else if (r < 0.9) {
      note('button');
      board.setButton(true);
      model.buttonLatched = true;
      stopNow(board.nowMs + 5);
      wait(int(2, 150));
      board.setButton(false);
    } else if (r < 0.95) {
      // R clears the latch only 50 ms after release; the model only trusts one sent well after.
      sendLine('R');
      model.buttonLatched = false;
    } else if (r < 0.98) {
      note('power cycle');
      board.powerCycle();
      stopNow(board.nowMs);
      model.lastLineBy = board.nowMs;
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
