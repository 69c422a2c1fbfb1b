import { describe, expect, it } from 'vitest';
import { runSequences } from './property.js';
import { loadFirmware } from './vectors.js';

/**
 * The property test on the committed binary (see property.ts for what it checks). `npm test`
 * runs EASEBACK_FIRMWARE_RUNS sequences (150 by default, about 25 s of wall time here);
 * `npm run test:firmware-property` runs the full 10,000.
 */
const RUNS = Number(process.env.EASEBACK_FIRMWARE_RUNS ?? 150);
const FIRST_SEED = Number(process.env.EASEBACK_FIRMWARE_SEED ?? 1);

describe('DIY board binary: random lines, noise, link drops, button presses and time', () => {
  it(`never drives an output above the session's limits or without a session, always stops, never resets itself (${RUNS} sequences)`, () => {
    const started = Date.now();
    const { failures, virtualMs, ran } = runSequences(loadFirmware(), RUNS, FIRST_SEED);
    const wall = (Date.now() - started) / 1000;
    // Printed for the report: how much virtual time the sequences covered, and how long it took.
    process.stdout.write(
      `firmware property: ${ran} of ${RUNS} sequences run, ${(virtualMs / 1000).toFixed(0)} s virtual, ${wall.toFixed(1)} s wall\n`,
    );
    expect(failures).toEqual([]);
  }, 3_600_000);
});
