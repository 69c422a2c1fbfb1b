import type { EndReason } from '../session/types.js';
import type { UtcOffset } from './export.js';
import { JOURNAL_ENUMS, type JournalRecord } from './schema.js';

const DAY = 24 * 60 * 60_000;

export interface PainPoint {
  readonly at: number;
  readonly before: number | null;
  readonly after: number | null;
}

/** Sessions with a pain score, oldest first: what the pain chart plots. */
export function painPoints(records: readonly JournalRecord[]): PainPoint[] {
  return records
    .filter((r) => r.painBefore !== null || r.painAfter !== null)
    .map((r) => ({ at: r.startedAt, before: r.painBefore, after: r.painAfter }))
    .sort((a, b) => a.at - b.at);
}

/** The local calendar day a time falls on, as a day number (days since 1970-01-01 there). */
export function localDay(at: number, offset: UtcOffset): number {
  return Math.floor((at + offset(at) * 60_000) / DAY);
}

export interface DayCount {
  /** Local day number (see localDay). */
  readonly day: number;
  readonly count: number;
}

/** Sessions started on each of the last `days` local days, up to and including today. */
export function sessionsPerDay(records: readonly JournalRecord[], now: number, days: number, offset: UtcOffset): DayCount[] {
  const today = localDay(now, offset);
  const counts = new Map<number, number>();
  for (const record of records) {
    const day = localDay(record.startedAt, offset);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return Array.from({ length: days }, (_, i) => {
    const day = today - (days - 1) + i;
    return { day, count: counts.get(day) ?? 0 };
  });
}

/** How many sessions ended each way, in a fixed order, leaving out ways none ended. */
export function stopsByReason(records: readonly JournalRecord[]): { reason: EndReason; count: number }[] {
  return JOURNAL_ENUMS.endReasons
    .map((reason) => ({ reason, count: records.filter((r) => r.endReason === reason).length }))
    .filter(({ count }) => count > 0);
}
