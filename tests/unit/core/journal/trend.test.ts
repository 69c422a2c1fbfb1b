import { describe, expect, it } from 'vitest';
import { describeFinding, TREND_THRESHOLDS, trendAdvice } from '../../../../src/core/journal/trend.js';
import { DAY, painRun, record, T0 } from './fixtures.js';

const NOW = T0 + 60 * DAY;

describe('too little to go on gives no advice', () => {
  it('an empty journal', () => {
    expect(trendAdvice([], NOW)).toBeNull();
  });

  it('three high pain scores in a row are not yet a trend', () => {
    expect(trendAdvice(painRun([7, 8, 9], NOW - DAY), NOW)).toBeNull();
  });

  it('sessions whose pain questions were skipped', () => {
    const skipped = painRun([5, 5, 5, 5, 5, 5, 5, 5], NOW - DAY, 3).map((r) => ({ ...r, painBefore: null }));
    expect(trendAdvice(skipped, NOW)).toBeNull();
  });

  it('flat pain over less than three weeks is too soon to call "not improving"', () => {
    expect(trendAdvice(painRun([6, 6, 6, 6, 6, 6, 6], NOW - DAY, 2), NOW)).toBeNull();
  });

  it('a bad spell two months ago says nothing about now', () => {
    expect(trendAdvice(painRun([3, 5, 7, 9, 9, 9, 9, 9, 9], NOW - 50 * DAY, 3), NOW)).toBeNull();
  });
});

describe('pain that is getting better gives no advice', () => {
  it('a clear fall over three weeks', () => {
    expect(trendAdvice(painRun([7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3], NOW - DAY, 2.2), NOW)).toBeNull();
  });

  it('pain that stays mild', () => {
    expect(trendAdvice(painRun([2, 2, 2, 2, 2, 2, 2, 2, 2, 2], NOW - DAY, 2.5), NOW)).toBeNull();
  });

  it('one bad day after steady scores is not a rising trend', () => {
    expect(trendAdvice(painRun([4, 4, 4, 8], NOW - DAY), NOW)).toBeNull();
  });
});

describe('pain not improving over a few weeks', () => {
  it('the same pain for three weeks brings the advice, with the weekly means', () => {
    const advice = trendAdvice(painRun([6, 6, 5, 6, 6, 6, 6, 6, 6, 6, 6], NOW - DAY, 2.2), NOW);
    expect(advice?.findings).toEqual([{ kind: 'not-improving', firstWeekMean: 5.8, lastWeekMean: 6, days: 22, readings: 11 }]);
  });

  it('a fall of less than a point is still not improving', () => {
    const advice = trendAdvice(painRun([6, 6, 6, 6, 6, 6, 5, 5, 5, 6, 5], NOW - DAY, 2.2), NOW);
    expect(advice?.findings.map((f) => f.kind)).toEqual(['not-improving']);
  });
});

describe('pain rising across recent sessions', () => {
  it('scores climbing over a week bring the advice, with the scores', () => {
    const advice = trendAdvice(painRun([3, 4, 5, 6], NOW - DAY, 2), NOW);
    expect(advice?.findings).toEqual([{ kind: 'rising', scores: [3, 4, 5, 6], days: 7 }]);
  });

  it('a rise of one point is within day-to-day swings', () => {
    expect(trendAdvice(painRun([4, 4, 5, 5], NOW - DAY), NOW)).toBeNull();
  });

  it('a rise that ended more than two weeks ago is old news', () => {
    expect(trendAdvice(painRun([3, 4, 5, 6], NOW - 20 * DAY), NOW)).toBeNull();
  });
});

describe('symptom stops that repeat', () => {
  const symptomStop = (daysAgo: number) =>
    record({
      id: `sym-${daysAgo}`,
      startedAt: NOW - daysAgo * DAY,
      endedAt: NOW - daysAgo * DAY + 60_000,
      endReason: 'symptom',
      painBefore: null,
    });

  it('two symptom stops within two weeks bring the advice', () => {
    expect(trendAdvice([symptomStop(10), symptomStop(2)], NOW)?.findings).toEqual([{ kind: 'symptom-stops', count: 2, days: 14 }]);
  });

  it('a single symptom stop does not (its own advice already covers it)', () => {
    expect(trendAdvice([symptomStop(2)], NOW)).toBeNull();
  });

  it('two symptom stops a month apart do not', () => {
    expect(trendAdvice([symptomStop(30), symptomStop(2)], NOW)).toBeNull();
  });
});

describe('what the advice says', () => {
  it('every finding is explained with the numbers seen', () => {
    expect(describeFinding({ kind: 'rising', scores: [3, 4, 5, 6], days: 7 })).toBe(
      'Your last 4 pain scores, over 7 days, went 3, 4, 5, 6 (of 10): rising.',
    );
    expect(describeFinding({ kind: 'not-improving', firstWeekMean: 5.7, lastWeekMean: 6, days: 22, readings: 11 })).toContain('5.7 of 10');
    expect(describeFinding({ kind: 'symptom-stops', count: 3, days: 14 })).toBe(
      '3 sessions were stopped for symptoms in the last 14 days.',
    );
  });

  it('every threshold has its basis written down', () => {
    for (const threshold of Object.values(TREND_THRESHOLDS)) expect('source' in threshold || 'judgment' in threshold).toBe(true);
  });
});
