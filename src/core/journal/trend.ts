import { cited, judged } from '../safety/sources.js';
import type { JournalRecord } from './schema.js';

const DAY = 24 * 60 * 60_000;

/**
 * When the journal says "see a doctor or physical therapist". The NHS advises seeing a GP when
 * sciatica has not improved after a few weeks of home care or is getting worse; a repeated
 * symptom stop is the app's own sign that the massager is not helping. docs/trend-rule.md
 * explains each number. Pain here is the score given before a session (the person's usual pain
 * that day), not the score after (which mostly shows the session's short-term effect).
 */
export const TREND_THRESHOLDS = {
  /** Pain readings older than this are ignored: an old bad patch says nothing about now. */
  lookbackMs: judged(42 * DAY, 'six weeks: long enough to hold a three-week span that started a while ago'),
  /** "Not improving" needs readings at least this far apart: a few weeks. */
  notImprovingSpanMs: cited(21 * DAY, 'nhs-see-gp', '"a few weeks" read as three'),
  /** The first and the last week of that span are compared, each by its mean. */
  edgeWeekMs: judged(7 * DAY, 'a week of readings evens out good and bad days'),
  /** Readings needed in each of those weeks. */
  minReadingsPerWeek: judged(2, 'a single reading could be one bad day'),
  /** A fall smaller than this (0-10 points) from the first week to the last is "not improving". */
  minImprovementPoints: judged(
    1,
    'less than a point is no change a person would notice; clinically important change is usually put near two',
  ),
  /** Pain below this (0-10) in the last week is mild: no advice, improving or not. */
  painFloor: judged(3, 'below 3 of 10 is usually called mild pain'),
  /** "Rising across recent sessions": this many most recent pain readings... */
  risingReadings: judged(4, 'enough sessions that one bad day cannot make a trend'),
  /** ...all within this long before now... */
  risingWithinMs: cited(14 * DAY, 'nhs-see-gp', 'getting worse over days or weeks'),
  /**
   * ...whose last two are each higher than both of the first two, and average at least this many
   * points above them (so one bad day at the end is not a trend).
   */
  risingPoints: judged(2, 'two points on the 0-10 scale is about the smallest change usually counted as clinically important'),
  /** Symptom stops within symptomWindowMs that make a pattern. */
  symptomStops: judged(2, 'the advice after one symptom stop already says to see someone if it comes back'),
  symptomWindowMs: judged(14 * DAY, 'two weeks: recent enough to be the same flare'),
} as const;

export type TrendFinding =
  | {
      readonly kind: 'not-improving';
      readonly firstWeekMean: number;
      readonly lastWeekMean: number;
      readonly days: number;
      readonly readings: number;
    }
  | { readonly kind: 'rising'; readonly scores: readonly number[]; readonly days: number }
  | { readonly kind: 'symptom-stops'; readonly count: number; readonly days: number };

export interface TrendAdvice {
  readonly findings: readonly TrendFinding[];
}

interface Reading {
  readonly at: number;
  readonly pain: number;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

function painReadings(records: readonly JournalRecord[], now: number): Reading[] {
  const from = now - TREND_THRESHOLDS.lookbackMs.value;
  return records
    .flatMap((r) => (r.painBefore !== null && r.startedAt >= from && r.startedAt <= now ? [{ at: r.startedAt, pain: r.painBefore }] : []))
    .sort((a, b) => a.at - b.at);
}

function notImproving(readings: readonly Reading[]): TrendFinding | null {
  const t = TREND_THRESHOLDS;
  const first = readings[0];
  const last = readings.at(-1);
  if (!first || !last || last.at - first.at < t.notImprovingSpanMs.value) return null;
  const firstWeek = readings.filter((r) => r.at < first.at + t.edgeWeekMs.value).map((r) => r.pain);
  const lastWeek = readings.filter((r) => r.at > last.at - t.edgeWeekMs.value).map((r) => r.pain);
  if (firstWeek.length < t.minReadingsPerWeek.value || lastWeek.length < t.minReadingsPerWeek.value) return null;
  const before = mean(firstWeek);
  const after = mean(lastWeek);
  if (after < t.painFloor.value || before - after >= t.minImprovementPoints.value) return null;
  return {
    kind: 'not-improving',
    firstWeekMean: oneDecimal(before),
    lastWeekMean: oneDecimal(after),
    days: Math.round((last.at - first.at) / DAY),
    readings: readings.length,
  };
}

function rising(readings: readonly Reading[], now: number): TrendFinding | null {
  const t = TREND_THRESHOLDS;
  const recent = readings.slice(-t.risingReadings.value);
  const first = recent[0];
  if (recent.length < t.risingReadings.value || !first || first.at < now - t.risingWithinMs.value) return null;
  const scores = recent.map((r) => r.pain);
  const earlier = scores.slice(0, 2);
  const later = scores.slice(-2);
  if (Math.min(...later) <= Math.max(...earlier)) return null;
  if (mean(later) - mean(earlier) < t.risingPoints.value) return null;
  return { kind: 'rising', scores, days: Math.max(1, Math.round((now - first.at) / DAY)) };
}

function symptomStops(records: readonly JournalRecord[], now: number): TrendFinding | null {
  const t = TREND_THRESHOLDS;
  const from = now - t.symptomWindowMs.value;
  const count = records.filter((r) => r.endReason === 'symptom' && (r.endedAt ?? r.startedAt) >= from).length;
  if (count < t.symptomStops.value) return null;
  return { kind: 'symptom-stops', count, days: Math.round(t.symptomWindowMs.value / DAY) };
}

/**
 * Whether the journal shows pain that is not improving over a few weeks, pain rising across the
 * most recent sessions, or symptom stops coming back; null when it shows none of these, or has too
 * little to say either way.
 */
export function trendAdvice(records: readonly JournalRecord[], now: number): TrendAdvice | null {
  const readings = painReadings(records, now);
  const findings = [notImproving(readings), rising(readings, now), symptomStops(records, now)].filter((f): f is TrendFinding => f !== null);
  return findings.length > 0 ? { findings } : null;
}

/** What was seen, in words and numbers, for the advice panel. */
export function describeFinding(finding: TrendFinding): string {
  switch (finding.kind) {
    case 'not-improving':
      return `Over ${finding.days} days (${finding.readings} pain scores), your pain before sessions averaged ${finding.firstWeekMean} of 10 in the first week and ${finding.lastWeekMean} of 10 in the last: not clearly better.`;
    case 'rising':
      return `Your last ${finding.scores.length} pain scores, over ${finding.days} days, went ${finding.scores.join(', ')} (of 10): rising.`;
    case 'symptom-stops':
      return `${finding.count} sessions were stopped for symptoms in the last ${finding.days} days.`;
  }
}
