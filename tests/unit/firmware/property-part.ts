import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSequences } from './property.js';
import { loadFirmware } from './vectors.js';

/**
 * The property test on the committed binary (see property.ts for what it checks), in parts:
 * `npm test` runs EASEBACK_FIRMWARE_RUNS sequences (150 by default) from EASEBACK_FIRMWARE_SEED,
 * and `npm run test:firmware-property` the full 10,000. The sequences are shared out among
 * PROPERTY_PARTS test files (property.test.ts, property-2.test.ts, …) because Vitest runs files,
 * not tests, side by side: every seed still runs exactly once, on as many cores as there are.
 */
export const PROPERTY_PARTS = 3;
const RUNS = Number(process.env.EASEBACK_FIRMWARE_RUNS ?? 150);
const FIRST_SEED = Number(process.env.EASEBACK_FIRMWARE_SEED ?? 1);

/** Declares part `part` (1-based) of the property test: its own consecutive share of the seeds. */
export function propertyTestPart(part: number): void {
  const from = Math.floor((RUNS * (part - 1)) / PROPERTY_PARTS);
  const to = Math.floor((RUNS * part) / PROPERTY_PARTS);
  const count = to - from;
  const seeds = `seeds ${FIRST_SEED + from} to ${FIRST_SEED + to - 1}`;
  describe('DIY board binary: random lines, noise, link drops, button presses and time', () => {
    it(`never drives an output above the session's limits or without a session, always stops, never resets itself (${count} of ${RUNS} sequences, ${seeds})`, () => {
      const started = Date.now();
      const { failures, virtualMs, ran } = runSequences(loadFirmware(), count, FIRST_SEED + from);
      const wall = (Date.now() - started) / 1000;
      // Printed for the report: how much virtual time the sequences covered, and how long it took.
      process.stdout.write(
        `firmware property, part ${part} of ${PROPERTY_PARTS}: ${ran} of ${count} sequences run (${seeds}), ${(virtualMs / 1000).toFixed(0)} s virtual, ${wall.toFixed(1)} s wall\n`,
      );
      expect(failures).toEqual([]);
    }, 3_600_000);
    if (part === 1) {
      it(`has a test file for each of its ${PROPERTY_PARTS} parts, so that no seed is left out`, () => {
        const missing = Array.from({ length: PROPERTY_PARTS - 1 }, (_, i) => `property-${i + 2}.test.ts`).filter(
          (file) => !existsSync(new URL(file, import.meta.url)),
        );
        expect(missing).toEqual([]);
      });
    }
  });
}
