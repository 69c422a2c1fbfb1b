import * as v from 'valibot';
import { brokenRule } from '../journal/parse.js';
import { JOURNAL_ENUMS, journalRecordSchema, type JournalRecord } from '../journal/schema.js';
import type { SafetyHold } from '../safety/hold.js';
import { SCREENING_QUESTIONS, type ScreeningAnswers, type ScreeningQuestionId } from '../safety/screening.js';
import type { RecentSession } from '../session/types.js';

/**
 * Every record read back from IndexedDB goes through these checks, the same schemas an import
 * goes through: stored data can be damaged (a bug, a disk, an older or newer Easeback, a person
 * with the developer tools). A check never throws. What fails is "damaged": the store sets it
 * aside, and the app treats it as the safe case (not answered, still locked, resting).
 */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = (issue?.path ?? []).map((p) => String(p.key)).join('.');
  return `${path ? `${path}: ` : ''}${issue?.message ?? 'is not valid'}`;
}

function checked<T>(schema: v.GenericSchema<unknown, T>, raw: unknown): Checked<T> {
  const parsed = v.safeParse(schema, raw);
  return parsed.success ? { ok: true, value: parsed.output } : { ok: false, reason: describe(parsed.issues) };
}

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
const time = v.pipe(v.number(), v.integer(), v.minValue(EARLIEST), v.maxValue(LATEST));
const duration = v.pipe(v.number(), v.minValue(0), v.maxValue(24 * 60 * 60_000));

const holdSchema = v.object({
  lockedUntil: v.nullable(time),
  lockReason: v.nullable(v.picklist(JOURNAL_ENUMS.careLevels)),
  triagePending: v.boolean(),
});

export function checkHold(raw: unknown): Checked<SafetyHold> {
  return checked(holdSchema, raw);
}

const screeningShape = v.object({
  answers: v.record(v.string(), v.boolean()),
  clotClearedByClinician: v.boolean(),
  answeredAt: time,
});

/**
 * Screening answers: damaged when not of the right shape; `incomplete` when they lack an answer
 * to a question asked today (kept by an older Easeback): those are asked again, never assumed "no".
 */
export function checkScreening(
  raw: unknown,
): Checked<ScreeningAnswers> | { readonly ok: 'incomplete'; readonly missing: readonly ScreeningQuestionId[] } {
  const shape = checked(screeningShape, raw);
  if (!shape.ok) return shape;
  const missing = SCREENING_QUESTIONS.map((q) => q.id).filter((id) => typeof shape.value.answers[id] !== 'boolean');
  if (missing.length > 0) return { ok: 'incomplete', missing };
  const answers = Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.id, shape.value.answers[q.id] === true])) as Record<
    ScreeningQuestionId,
    boolean
  >;
  return { ok: true, value: { answers, clotClearedByClinician: shape.value.clotClearedByClinician, answeredAt: shape.value.answeredAt } };
}

const recentSchema = v.object({ startedAt: time, endedAt: time, activeMs: duration, cooldownMs: duration });

/** The limits trace, entry by entry: good entries are kept, damaged ones counted. */
export function checkTrace(raw: unknown): { readonly kept: RecentSession[]; readonly damaged: readonly unknown[] } {
  if (!Array.isArray(raw)) return { kept: [], damaged: raw === undefined ? [] : [raw] };
  const kept: RecentSession[] = [];
  const damaged: unknown[] = [];
  for (const entry of raw as unknown[]) {
    const one = checked(recentSchema, entry);
    if (one.ok && one.value.endedAt >= one.value.startedAt) kept.push(one.value);
    else damaged.push(entry);
  }
  return { kept, damaged };
}

/** A journal record, by the schema and the cross-field rules of an import. */
export function checkSessionRecord(raw: unknown): Checked<JournalRecord> {
  const record = checked(journalRecordSchema, raw);
  if (!record.ok) return record;
  const broken = brokenRule(record.value, 'record');
  return broken ? { ok: false, reason: `${broken.field.replace(/^record\./, '')}: ${broken.message}` } : record;
}
