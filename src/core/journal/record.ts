import { OUTPUTS, outputCaps, outputTimes, type OutputCaps, type OutputTimes } from '../outputs.js';
import type { RecentSession, Session } from '../session/types.js';
import type { JournalRecord } from './schema.js';

export type { JournalRecord } from './schema.js';

/**
 * The journal's schema lists each output's fields by hand (an old record must still read after a
 * new output is added, so how its field is filled in for old records is a choice made there). This
 * makes forgetting one a compile error (`false` does not satisfy `true`).
 */
export type JournalKeepsEveryOutput = Holds<
  JournalRecord extends OutputCaps & OutputTimes<number[]> & { readonly limits: OutputCaps } ? true : false
>;
type Holds<T extends true> = T;

/**
 * The journal record of a session as it stands at `at`. Called on every change while the session
 * runs (and after it ends, when pain-after and triage answers arrive), so the stored record is
 * never far behind what happened.
 */
export function recordFromSession(session: Session, at: number): JournalRecord {
  const { stats, caps } = session;
  return {
    id: session.id,
    presetId: session.presetId,
    startedAt: session.startedAt,
    updatedAt: Math.max(session.startedAt, at),
    endedAt: session.end?.at ?? null,
    endReason: session.end?.reason ?? null,
    endDetail: session.end?.detail ?? null,
    activeMs: session.activeMs,
    heatMs: session.heatMs,
    limits: {
      ...outputCaps((kind) => caps[OUTPUTS[kind].cap]),
      maxHeatC: caps.maxHeatC,
      sessionMs: caps.sessionMs,
      cooldownMs: caps.cooldownMs,
    },
    ...outputTimes((kind) => [...stats[OUTPUTS[kind].timeAt]]),
    ...outputCaps((kind) => stats[OUTPUTS[kind].cap]),
    maxHeaterC: stats.maxHeaterC,
    painBefore: session.painBefore,
    painAfter: session.painAfter,
    symptoms: session.symptoms.map(({ at: when, kind }) => ({ at: when, kind })),
    checkins: session.checkins.map(({ at: when, answer }) => ({ at: when, answer })),
    care: session.care?.care ?? null,
    redFlags: [...(session.care?.because ?? [])],
  };
}

export function isOpenRecord(record: JournalRecord): boolean {
  return record.endedAt === null;
}

/**
 * A record still open when the page loads belongs to a tab that died mid-session (crash, closed
 * tab, reload without Stop). It ended, as far as anyone can know, when it was last written.
 */
export function closeAsInterrupted(record: JournalRecord): JournalRecord {
  if (!isOpenRecord(record)) return record;
  return {
    ...record,
    endedAt: record.updatedAt,
    endReason: 'interrupted',
    endDetail: 'The page closed or crashed during the session.',
  };
}

/** What the session engine needs to keep the cool-down and the daily cap across reloads. */
export function recentFromRecords(records: readonly JournalRecord[]): RecentSession[] {
  return records
    .filter((r) => r.endedAt !== null)
    .map((r) => ({ startedAt: r.startedAt, endedAt: r.endedAt ?? r.updatedAt, activeMs: r.activeMs, cooldownMs: r.limits.cooldownMs }))
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** While a session runs, its record is rewritten at least this often: an interrupted one loses at most this much. */
export const PROGRESS_WRITE_MS = 5000;

/**
 * Whether `next` must go to storage now. Anything that happened (a new session, its end, a pain
 * score, a symptom, a check-in, a triage answer) is written at once; time and levels creeping on
 * are written at most every PROGRESS_WRITE_MS; an ended record that did not change is not rewritten.
 */
export function shouldWrite(written: JournalRecord | null, next: JournalRecord): boolean {
  if (!written || written.id !== next.id) return true;
  const happened = (r: JournalRecord) =>
    JSON.stringify([r.endedAt, r.endReason, r.painBefore, r.painAfter, r.symptoms, r.checkins, r.care, r.redFlags]);
  if (happened(written) !== happened(next)) return true;
  if (next.endedAt !== null) return false;
  return next.updatedAt - written.updatedAt >= PROGRESS_WRITE_MS;
}
