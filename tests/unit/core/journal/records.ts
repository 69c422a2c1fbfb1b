import type { JournalRecord } from '../../../../src/core/journal/schema.js';

/**
 * Journal records for tests, plain data with no engine behind them: shared by the unit tests
 * (through fixtures.ts) and the browser tests' report journal (tests/e2e/report.ts).
 */
export const T0 = Date.UTC(2025, 2, 3, 8, 0, 0);
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** A plausible ended record; tests override what they are about. */
export function record(overrides: Partial<JournalRecord> = {}): JournalRecord {
  const startedAt = overrides.startedAt ?? T0;
  return {
    id: `s-${startedAt}`,
    presetId: 'everyday',
    startedAt,
    updatedAt: startedAt + 15 * MINUTE,
    endedAt: startedAt + 15 * MINUTE,
    endReason: 'completed',
    endDetail: null,
    activeMs: 15 * MINUTE,
    heatMs: 15 * MINUTE,
    limits: { maxVibration: 5, maxKneading: 2, maxHeat: 3, maxHeatC: 40, sessionMs: 15 * MINUTE, cooldownMs: 120 * MINUTE },
    msAtVibration: [0, 0, 5 * MINUTE, 10 * MINUTE],
    msAtKneading: [0, 15 * MINUTE],
    msAtHeat: [0, 0, 0, 15 * MINUTE],
    maxVibration: 3,
    maxKneading: 1,
    maxHeat: 3,
    maxHeaterC: 39.5,
    painBefore: 6,
    painAfter: 4,
    symptoms: [],
    checkins: [{ at: startedAt + 5 * MINUTE, answer: 'same' }],
    care: null,
    redFlags: [],
    ...overrides,
  };
}
