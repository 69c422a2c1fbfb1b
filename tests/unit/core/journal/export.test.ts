import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, localTime, toCsv, toJsonExport } from '../../../../src/core/journal/export.js';
import { JOURNAL_FORMAT, JOURNAL_VERSION } from '../../../../src/core/journal/schema.js';
import { DAY, MINUTE, record, T0 } from './fixtures.js';

/** Splits CSV text into rows of cells (enough of RFC 4180 for these tests: quotes, commas, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('the CSV export for a clinician', () => {
  const later = record({ id: 'later', startedAt: T0 + DAY, painBefore: null, painAfter: null, endReason: 'user' });
  const csv = toCsv([later, record()]);
  const rows = parseCsv(csv);
  const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);

  it('has a header and one row per session, oldest first, every row as wide as the header', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.length)).toEqual([CSV_COLUMNS.length, CSV_COLUMNS.length, CSV_COLUMNS.length]);
    expect(rows[1]![column('session id')]).toBe(`s-${T0}`);
    expect(rows[2]![column('session id')]).toBe('later');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('says what happened in words and numbers a reader needs no manual for', () => {
    const first = rows[1]!;
    expect(first[column('started')]).toBe('2025-03-03 08:00 +00:00');
    expect(first[column('preset')]).toBe('Everyday relief');
    expect(first[column('how it ended')]).toBe('Completed');
    expect(first[column('active minutes')]).toBe('15.0');
    expect(first[column('pain before (0-10)')]).toBe('6');
    expect(first[column('pain after (0-10)')]).toBe('4');
    // Not "2: 5.0; 3: 10.0": the unit and what the number counts are in the cell.
    expect(first[column('time at each vibration level')]).toBe('5.0 min at level 2; 10.0 min at level 3');
    // A level passed through for a moment on the way up is not worth a reader's attention.
    const brief = parseCsv(toCsv([record({ msAtVibration: [0, 2000, 15 * MINUTE - 2000] })]));
    expect(brief[1]![column('time at each vibration level')]).toBe('15.0 min at level 2');
    expect(first[column('check-in answers (min:s into the session)')]).toBe('same at 5:00');
    expect(rows[2]![column('how it ended')]).toBe('Stopped by you');
  });

  it('symptoms, advice and red flags are written in a clinician’s words, not the app’s codes', () => {
    const stopped = record({
      endReason: 'symptom',
      symptoms: [{ at: T0 + 2 * MINUTE + 5000, kind: 'numbness' }],
      checkins: [{ at: T0 + 5 * MINUTE, answer: 'more-pain' }],
      msAtKneading: [0, MINUTE],
      care: 'emergency',
      redFlags: ['saddle-numbness', 'bladder'],
    });
    const row = parseCsv(toCsv([stopped]))[1]!;
    expect(row[column('symptoms reported (min:s into the session)')]).toBe('numbness or tingling at 2:05');
    expect(row[column('check-in answers (min:s into the session)')]).toBe('more pain at 5:00');
    expect(row[column('time at each kneading speed')]).toBe('1.0 min at speed 1');
    expect(row[column('advice after the red-flag questions')]).toBe('emergency care now advised (app locked 24 h)');
    expect(row[column('red flags answered yes')]).toBe('saddle numbness; new bladder dysfunction');
    expect(row.join(',')).not.toMatch(/saddle-numbness|more-pain|emergency,/);
  });

  it('a skipped pain question is an empty cell, never a zero', () => {
    expect(rows[2]![column('pain before (0-10)')]).toBe('');
    expect(rows[2]![column('pain after (0-10)')]).toBe('');
  });

  it('text with commas, quotes or line breaks stays in its own cell', () => {
    const detail = 'The massager said "no", twice\nthen stopped';
    const parsed = parseCsv(toCsv([record({ endReason: 'fault', endDetail: detail })]));
    expect(parsed[1]![column('detail')]).toBe(detail);
  });

  it('text that a spreadsheet would run as a formula is written as text', () => {
    expect(csvCell('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-1)).toBe('-1');
  });

  it('times are in the reader’s own zone, with the zone written out', () => {
    expect(localTime(Date.UTC(2025, 2, 1, 8, 5), () => 60)).toBe('2025-03-01 09:05 +01:00');
    expect(localTime(Date.UTC(2025, 2, 1, 2, 5), () => -330)).toBe('2025-02-28 20:35 -05:30');
  });
});

describe('the JSON export', () => {
  it('names its format and version and keeps every field of every session', () => {
    const sessions = [record({ startedAt: T0 + MINUTE * 300 }), record()];
    const document = JSON.parse(toJsonExport(sessions, T0 + DAY)) as Record<string, unknown>;
    expect(document).toEqual({
      format: JOURNAL_FORMAT,
      version: JOURNAL_VERSION,
      exportedAt: '2025-03-04T08:00:00.000Z',
      sessions: [sessions[1], sessions[0]],
    });
  });
});
