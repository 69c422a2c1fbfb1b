import * as v from 'valibot';
import { err, ok, type Result } from '../result.js';
import { closeAsInterrupted } from './record.js';
import { journalExportSchema, type JournalRecord } from './schema.js';

export interface JournalImportError {
  readonly kind: 'journal-import-error';
  /** Where in the file, as a path like `sessions[2].painBefore`; null when the file as a whole is wrong. */
  readonly field: string | null;
  readonly message: string;
}

/** Far above any real journal (about 2 kB a session): a bigger file is not one of ours. */
export const MAX_IMPORT_CHARS = 20_000_000;

function importError(field: string | null, message: string): { ok: false; error: JournalImportError } {
  return err({ kind: 'journal-import-error', field, message });
}

function formatPath(issue: v.BaseIssue<unknown>): string | null {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path || null;
}

/** Valibot's words for a missing or unknown key, said plainly. */
function issueMessage(issue: v.BaseIssue<unknown>): string {
  const objectIssue = issue.type === 'strict_object' || issue.type === 'object';
  if (objectIssue && issue.received === 'undefined') return 'is missing';
  if (objectIssue && issue.expected === 'never') return 'is not a field of an Easeback journal export';
  return issue.message;
}

/** Rules across fields that the schema alone cannot state. Returns the first one broken. */
export function brokenRule(record: JournalRecord, at: string): { field: string; message: string } | null {
  if ((record.endedAt === null) !== (record.endReason === null)) {
    return { field: `${at}.endReason`, message: 'must be given exactly when endedAt is' };
  }
  if (record.endedAt !== null && record.endedAt < record.startedAt) {
    return { field: `${at}.endedAt`, message: 'is before startedAt' };
  }
  if (record.updatedAt < record.startedAt) return { field: `${at}.updatedAt`, message: 'is before startedAt' };
  if (record.heatMs > record.activeMs) return { field: `${at}.heatMs`, message: 'is longer than activeMs' };
  return null;
}

/**
 * Reads a JSON export. Everything is checked before anything is returned, so a caller that writes
 * only on success changes nothing for a corrupt file. Never throws: an error names the field.
 * Sessions still open in the file (exported mid-session) come back closed as interrupted.
 */
export function parseJournalExport(text: string): Result<JournalRecord[], JournalImportError> {
  if (text.length > MAX_IMPORT_CHARS) return importError(null, 'is too large to be an Easeback journal export');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    return importError(null, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = v.safeParse(journalExportSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return importError(formatPath(issue), issueMessage(issue));
  }
  const seen = new Set<string>();
  for (const [index, record] of parsed.output.sessions.entries()) {
    const at = `sessions[${index}]`;
    const broken = brokenRule(record, at);
    if (broken) return importError(broken.field, broken.message);
    if (seen.has(record.id)) return importError(`${at}.id`, `repeats the id of an earlier session ("${record.id}")`);
    seen.add(record.id);
  }
  return ok(parsed.output.sessions.map(closeAsInterrupted));
}

/** The message a person sees when an import is refused. */
export function describeImportError(error: JournalImportError): string {
  const what = error.field === null ? 'The file' : `In the file, ${error.field}`;
  return `${what} ${error.message}. Nothing was imported and your history is unchanged.`;
}
