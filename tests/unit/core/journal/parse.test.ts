import { describe, expect, it } from 'vitest';
import { toJsonExport } from '../../../../src/core/journal/export.js';
import { describeImportError, parseJournalExport } from '../../../../src/core/journal/parse.js';
import { DAY, MINUTE, record, T0 } from './fixtures.js';

const journal = [
  record(),
  record({ id: 'two', startedAt: T0 + DAY, endReason: 'symptom', symptoms: [{ at: T0 + DAY, kind: 'numbness' }] }),
];

/** An export of `journal` with one change made by `edit`, as text. */
function corrupted(edit: (document: { sessions: Record<string, unknown>[] } & Record<string, unknown>) => void): string {
  const document = JSON.parse(toJsonExport(journal, T0 + 2 * DAY)) as { sessions: Record<string, unknown>[] } & Record<string, unknown>;
  edit(document);
  return JSON.stringify(document);
}

function refusal(text: string) {
  const parsed = parseJournalExport(text);
  if (parsed.ok) throw new Error('the corrupt file was accepted');
  return parsed.error;
}

describe('importing a JSON export', () => {
  it('gives back exactly the sessions that were exported', () => {
    const parsed = parseJournalExport(toJsonExport(journal, T0 + 2 * DAY));
    expect(parsed).toEqual({ ok: true, value: journal });
  });

  it('a session exported mid-session comes back closed as interrupted, not running for ever', () => {
    const open = record({ id: 'live', endedAt: null, endReason: null, updatedAt: T0 + 3 * MINUTE });
    const parsed = parseJournalExport(toJsonExport([open], T0 + 4 * MINUTE));
    expect(parsed.ok && parsed.value[0]).toMatchObject({ endReason: 'interrupted', endedAt: T0 + 3 * MINUTE });
  });
});

describe('a corrupt import is refused with the field named', () => {
  it('text that is not JSON', () => {
    const error = refusal('{"format": "easeback-journal", ');
    expect(error.field).toBeNull();
    expect(error.message).toMatch(/^is not valid JSON/);
  });

  it('some other JSON file', () => {
    expect(refusal(JSON.stringify({ format: 'something-else', version: 1, exportedAt: '2025-01-01T00:00:00Z', sessions: [] })).field).toBe(
      'format',
    );
    expect(refusal('[1, 2, 3]').field).not.toBeNull();
  });

  it('an export from a newer version', () => {
    expect(refusal(corrupted((d) => (d.version = 2)))).toMatchObject({ field: 'version' });
  });

  it('a pain score above 10', () => {
    const error = refusal(corrupted((d) => (d.sessions[1]!.painBefore = 14)));
    expect(error).toMatchObject({ field: 'sessions[1].painBefore', message: 'must be from 0 to 10' });
    expect(describeImportError(error)).toBe(
      'In the file, sessions[1].painBefore must be from 0 to 10. Nothing was imported and your history is unchanged.',
    );
  });

  it('a pain score that is not a whole number', () => {
    expect(refusal(corrupted((d) => (d.sessions[0]!.painAfter = 4.5))).field).toBe('sessions[0].painAfter');
  });

  it('a missing field', () => {
    expect(refusal(corrupted((d) => delete d.sessions[0]!.startedAt))).toMatchObject({
      field: 'sessions[0].startedAt',
      message: 'is missing',
    });
  });

  it('a field Easeback never writes', () => {
    expect(refusal(corrupted((d) => (d.sessions[1]!.notes = 'x')))).toMatchObject({ field: 'sessions[1].notes' });
  });

  it('a preset that does not exist', () => {
    expect(refusal(corrupted((d) => (d.sessions[0]!.presetId = 'turbo'))).field).toBe('sessions[0].presetId');
  });

  it('an unknown way of ending', () => {
    expect(refusal(corrupted((d) => (d.sessions[0]!.endReason = 'exploded'))).field).toBe('sessions[0].endReason');
  });

  it('a time given as text', () => {
    expect(refusal(corrupted((d) => (d.sessions[0]!.startedAt = '2025-03-03'))).field).toBe('sessions[0].startedAt');
  });

  it('a negative duration', () => {
    expect(refusal(corrupted((d) => (d.sessions[1]!.activeMs = -5))).field).toBe('sessions[1].activeMs');
  });

  it('a symptom of an unknown kind, deep in a list', () => {
    expect(refusal(corrupted((d) => (d.sessions[1]!.symptoms = [{ at: T0 + DAY, kind: 'itch' }]))).field).toBe(
      'sessions[1].symptoms[0].kind',
    );
  });

  it('an end time before the start', () => {
    expect(refusal(corrupted((d) => (d.sessions[1]!.endedAt = T0)))).toMatchObject({
      field: 'sessions[1].endedAt',
      message: 'is before startedAt',
    });
  });

  it('a way of ending without an end time', () => {
    expect(refusal(corrupted((d) => (d.sessions[0]!.endedAt = null))).field).toBe('sessions[0].endReason');
  });

  it('more heat time than active time', () => {
    expect(refusal(corrupted((d) => (d.sessions[0]!.heatMs = 16 * MINUTE))).field).toBe('sessions[0].heatMs');
  });

  it('two sessions with the same id', () => {
    expect(refusal(corrupted((d) => (d.sessions[1]!.id = d.sessions[0]!.id)))).toMatchObject({ field: 'sessions[1].id' });
  });
});
