import { describe, expect, it } from 'vitest';
import { UTC } from '../../../../src/core/journal/export.js';
import { localDay, painPoints, sessionsPerDay, stopsByReason } from '../../../../src/core/journal/summary.js';
import { DAY, record, T0 } from './fixtures.js';

describe('what the history charts plot', () => {
  it('a session late in the evening counts on the day the person lived it, not the UTC day', () => {
    const lateEvening = Date.UTC(2025, 2, 3, 23, 30); // 23:30 UTC is 00:30 the next day at UTC+1
    const days = sessionsPerDay([record({ startedAt: lateEvening })], lateEvening + DAY, 2, () => 60);
    expect(days).toEqual([
      { day: localDay(lateEvening, () => 60), count: 1 },
      { day: localDay(lateEvening, () => 60) + 1, count: 0 },
    ]);
    expect(localDay(lateEvening, () => 60)).toBe(localDay(lateEvening, UTC) + 1);
  });

  it('sessions per day covers every day of the window, empty days included, today last', () => {
    const days = sessionsPerDay([record({ startedAt: T0 }), record({ id: 'b', startedAt: T0 + 3600_000 })], T0 + 2 * DAY, 7, UTC);
    expect(days).toHaveLength(7);
    expect(days.at(-1)?.day).toBe(localDay(T0 + 2 * DAY, UTC));
    expect(days.map((d) => d.count)).toEqual([0, 0, 0, 0, 2, 0, 0]);
  });

  it('the pain plot skips sessions with no score and keeps a skipped half as a gap', () => {
    const points = painPoints([
      record({ id: 'late', startedAt: T0 + DAY, painBefore: 5, painAfter: null }),
      record({ id: 'none', startedAt: T0 + 2 * DAY, painBefore: null, painAfter: null }),
      record({ id: 'early', startedAt: T0, painBefore: 6, painAfter: 4 }),
    ]);
    expect(points).toEqual([
      { at: T0, before: 6, after: 4 },
      { at: T0 + DAY, before: 5, after: null },
    ]);
  });

  it('stops by reason counts each way sessions ended, leaving out ways none did', () => {
    const stops = stopsByReason([
      record({ endReason: 'symptom' }),
      record({ endReason: 'completed' }),
      record({ endReason: 'symptom' }),
      record({ endReason: null, endedAt: null }),
    ]);
    expect(stops).toEqual([
      { reason: 'completed', count: 1 },
      { reason: 'symptom', count: 2 },
    ]);
  });
});
