import { test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DiyBoard } from '../../src/sim/avr/board.js';
import { CPU_HZ } from '../../src/sim/avr/chip.js';
import { parseIntelHex } from '../../src/sim/avr/intel-hex.js';
import { vectorCounts } from '../../src/sim/avr/ntc.js';
import { percentile, round, type Figures } from './stats.js';

/**
 * Figures for the DIY board's committed binary in the emulated board (no browser involved):
 * - cycles from a stop line's last byte reaching the USART to every output pin low (goal ≤ 100 µs);
 * - from the module's STATE pin falling to every output pin low;
 * - the emulator's speed: a 20-minute session with keep-alives, to its deadline stop (goal < 60 s).
 */
const STOP_TRIALS = Number(process.env.EASEBACK_BENCH_DIY_STOP_TRIALS ?? 10_000);
const STATE_TRIALS = Number(process.env.EASEBACK_BENCH_DIY_STATE_TRIALS ?? 200);

const flash = parseIntelHex(readFileSync(new URL('../../firmware/easeback-diy.hex', import.meta.url), 'utf8'));

function readyBoard(): DiyBoard {
  const board = new DiyBoard(flash);
  board.setLink(true);
  board.forcedCounts = vectorCounts(30);
  board.runFor(300);
  return board;
}

/** A small seeded generator, so the trials' phases are the same from run to run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function attach(figures: Figures): Promise<void> {
  await test.info().attach('figures', { body: JSON.stringify(figures), contentType: 'application/json' });
}

test('DIY board: stop line to every output pin low, in CPU cycles', async () => {
  test.setTimeout(90 * 60_000); // 10,000 trials take tens of minutes on a loaded machine
  const board = readyBoard();
  const rnd = random(15);
  let newlineAt = 0; // -1: waiting for the stop line's newline
  let lowBeforeNewline = 0;
  board.onByteReceived = (byte, cycle) => {
    if (byte !== 0x0a || newlineAt >= 0) return;
    newlineAt = cycle;
    // Low already as the newline lands: an overrun had stopped the board just before (the trials
    // do not wait for its replies to drain, so its ring overflows at times).
    if (board.allOutputsLow()) lowBeforeNewline++;
  };
  const cycles: number[] = [];
  for (let trial = 0; trial < STOP_TRIALS; trial++) {
    board.writeSerial('L10,3,40,1200,1200\nV10\nN3,1\nH40\n');
    board.runUntil(() => board.serialBacklog === 0 && board.pins().heater && board.pins().vibrationDuty === 255, 200);
    // A random phase against the tick, the main loop and the state lines going out.
    board.runToCycle(board.cycles + Math.floor(rnd() * 40 * 16_000));
    newlineAt = -1;
    board.writeSerial('S\n');
    while (newlineAt < 0) board.runToCycle(board.cycles + 50);
    // The pins may already be low if the 50-cycle step overshot: step back is impossible, so count
    // from the newline's own cycle, one instruction at a time from wherever we are.
    while (!board.allOutputsLow()) board.runToCycle(board.cycles + 1);
    cycles.push(board.cycles - newlineAt);
  }
  const worst = Math.max(...cycles);
  await attach({
    diy_stop_line_to_pins_trials: cycles.length,
    diy_stop_line_to_pins_cycles_max: worst,
    diy_stop_line_to_pins_cycles_p50: percentile(cycles, 50),
    diy_stop_line_to_pins_us_max: round((worst / CPU_HZ) * 1e6),
    // Bytes that landed in the USART while one was still unread (the two-level buffer holds
    // them), and bytes it lost to a full buffer (DOR0; the board then stops as overrun).
    diy_stop_rx_bytes_while_unread: board.serialReceiveStats.whileUnread,
    diy_stop_rx_overruns: board.serialReceiveStats.overruns,
    diy_stop_overrun_stops: board.lines.filter((line) => line === 'STOP overrun').length,
    diy_stop_line_trials_low_at_newline: lowBeforeNewline,
  });
});

test('DIY board: STATE pin falling to every output pin low', async () => {
  const board = readyBoard();
  const rnd = random(16);
  const ms: number[] = [];
  for (let trial = 0; trial < STATE_TRIALS; trial++) {
    board.writeSerial('L10,3,40,1200,1200\nV5\nN2,0\n');
    board.runUntil(() => board.serialBacklog === 0 && board.pins().kneadingDuty > 0, 200);
    board.runToCycle(board.cycles + Math.floor(rnd() * 50 * 16_000));
    board.setLink(false);
    const fell = board.cycles;
    while (!board.allOutputsLow()) board.runToCycle(board.cycles + 160); // 10 µs steps
    ms.push(((board.cycles - fell) / CPU_HZ) * 1000);
    board.setLink(true);
    board.runFor(150);
  }
  await attach({
    diy_state_fall_to_pins_trials: ms.length,
    diy_state_fall_to_pins_ms_max: round(Math.max(...ms)),
    diy_state_fall_to_pins_ms_p50: round(percentile(ms, 50)),
  });
});

test('DIY board: emulator speed, a 20-minute session with keep-alives', async () => {
  const board = readyBoard();
  board.forcedCounts = null; // the pad's thermal model drives the thermistor
  const started = performance.now();
  board.writeSerial('L5,2,40,1200,1200\nV3\nN1,0\nH38\n');
  let virtualMs = 0;
  while (!board.lines.includes('STOP deadline') && virtualMs < 1_230_000) {
    board.writeSerial('K\n');
    board.runFor(1500);
    virtualMs += 1500;
  }
  const wallS = (performance.now() - started) / 1000;
  await attach({
    diy_20min_session_wall_s: round(wallS, 1),
    diy_20min_session_ended_at_deadline: Number(board.lines.includes('STOP deadline')),
    diy_emulator_speed_x_real_time: round(virtualMs / 1000 / wallS, 1),
    diy_emulator_simulated_mhz: round(board.cycles / wallS / 1e6, 1),
  });
});
