import { describe, expect, it } from 'vitest';
import { UTC } from '../../../../src/core/journal/export.js';
import { clinicianReport, REPORT_SESSION_ROWS, reportTime } from '../../../../src/core/journal/report.js';
import { DAY, MINUTE, record, T0 } from './fixtures.js';

describe('the report for a clinician', () => {
  it('an empty journal says so in every section rather than showing blanks', () => {
    const report = clinicianReport([], T0, UTC);
    expect(report.period).toBe('No sessions recorded.');
    expect(report.painTrend).toEqual(['No pain scores were recorded.']);
    expect(report.sessions).toEqual([]);
    expect(report.stops).toEqual([]);
  });

  it('a skipped pain question reads "not asked", never as a zero', () => {
    const report = clinicianReport(
      [record({ painBefore: null, painAfter: null }), record({ startedAt: T0 + DAY, painAfter: null })],
      T0 + DAY,
      UTC,
    );
    expect(report.sessions.map((s) => s.pain)).toEqual(['6 → not asked', 'not asked']);
    expect(report.painTrend[0]).toBe('Pain before a session (0–10, self-rated): 6 on 4 Mar 2025; one score only.');
  });

  it('lists the latest sessions first and counts the ones it leaves to the CSV', () => {
    const records = Array.from({ length: REPORT_SESSION_ROWS + 3 }, (_, i) => record({ startedAt: T0 + i * DAY }));
    const report = clinicianReport(records, T0 + 20 * DAY, UTC);
    expect(report.sessions).toHaveLength(REPORT_SESSION_ROWS);
    expect(report.sessions[0]?.when).toBe(reportTime(T0 + (REPORT_SESSION_ROWS + 2) * DAY, UTC));
    expect(report.sessionsNotListed).toBe(3);
  });

  it('a symptom stop whose red-flag questions were never answered says so', () => {
    const stopped = record({ endReason: 'symptom', symptoms: [{ at: T0 + MINUTE, kind: 'more-pain' }], care: null });
    expect(clinicianReport([stopped], T0, UTC).stops).toEqual([
      {
        when: '3 Mar 2025 08:00',
        what: 'Everyday relief: more pain at 1:00 into the session.',
        outcome: 'Red-flag questions not answered.',
      },
    ]);
  });
});
