import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VECTORS_PATH, loadFirmware, parseVectors, runCase } from './vectors.js';

/**
 * The committed binary, in the emulated board, against the same vectors the native host test
 * runs (make -C firmware test): the replies on the wire and the output pins.
 */
const flash = loadFirmware();
const cases = parseVectors(readFileSync(VECTORS_PATH, 'utf8'));

describe('DIY board binary at its pins: shared vectors', () => {
  it('has the cases the host test runs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const vectorCase of cases) {
    it(vectorCase.name, () => {
      expect(runCase(flash, vectorCase)).toEqual([]);
    });
  }
});
