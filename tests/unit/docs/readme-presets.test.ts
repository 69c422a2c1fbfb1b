import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MINUTES } from '../../../src/core/safety/caps.js';
import { PRESETS } from '../../../src/core/safety/presets.js';

/**
 * People read the README's preset table to decide what is safe for them: it must say what the
 * app enforces. The table is written by hand (with words like "slowest third"), so this test
 * reads it back and compares every cell with the preset data.
 */
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function presetTableRows(): string[][] {
  const lines = readme.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| Preset'));
  expect(header, 'the README has a preset table').toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const KNEADING_WORDS: Readonly<Record<string, number>> = { off: 0, 'slowest third': 1 / 3, 'two thirds': 2 / 3 };

const minutes = (ms: number) => (ms === 0 ? '0' : `${ms / MINUTES} min`);
const hours = (ms: number) => `${ms / (60 * MINUTES)} h`;

describe('the README preset table', () => {
  const rows = presetTableRows();

  it('lists every preset the app offers, and no other', () => {
    expect(rows.map((row) => row[0])).toEqual(PRESETS.map((p) => p.name));
  });

  for (const preset of PRESETS) {
    it(`states the limits "${preset.name}" really enforces`, () => {
      const row = rows.find((r) => r[0] === preset.name);
      expect(row).toBeDefined();
      const [, vibration, kneading, heat, session, heatFor, checkin, rest] = row ?? [];
      expect(vibration).toBe(`${Math.round(preset.maxVibration.value * 100)} %`);
      expect(KNEADING_WORDS[kneading ?? '']).toBeCloseTo(preset.maxKneading.value, 6);
      expect(heat).toBe(preset.maxHeatC.value === 0 ? 'no heat' : `${preset.maxHeatC.value} °C`);
      expect(session).toBe(minutes(preset.sessionMs.value));
      expect(heatFor).toBe(minutes(preset.heatMs.value));
      expect(checkin).toBe(minutes(preset.checkinMs.value));
      expect(rest).toBe(hours(preset.cooldownMs.value));
    });
  }
});
