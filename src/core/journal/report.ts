import { presetById } from '../safety/presets.js';
import type { UtcOffset } from './export.js';
import { sinceStart } from './export.js';
import { CARE_LABEL, END_REASON_LABEL, RED_FLAG_LABEL, SYMPTOM_LABEL } from './labels.js';
import type { JournalRecord } from './schema.js';
import { stopsByReason } from './summary.js';
import { trendAdvice, type TrendFinding } from './trend.js';

/**
 * The one-page report a person hands a physiotherapist: the pain trend, the sessions with their
 * preset and minutes, and every symptom stop with what the red-flag questions found. Written as a
 * clinician reads a referral, not as the app stores its records; the CSV has everything else.
 */

/** Rows that fit one A4 page beside the other sections (judgment, from the printed page). */
export const REPORT_SESSION_ROWS = 12;
export const REPORT_STOP_ROWS = 5;

export interface ReportSessionRow {
  readonly when: string;
  readonly preset: string;
  /** "15 min (heat 15)". */
  readonly minutes: string;
  /** "6 → 4", "6 → not asked", "not asked". */
  readonly pain: string;
  readonly ended: string;
}

export interface ReportStop {
  readonly when: string;
  readonly what: string;
  readonly outcome: string;
}

export interface ClinicianReport {
  /** "3 Mar 2025 to 17 Mar 2025, 12 sessions", or that there are none. */
  readonly period: string;
  readonly painTrend: readonly string[];
  readonly sessions: readonly ReportSessionRow[];
  /** Sessions older than the rows shown, left to the CSV export. */
  readonly sessionsNotListed: number;
  readonly endings: string;
  readonly stops: readonly ReportStop[];
  readonly stopsNotListed: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const pad = (n: number): string => String(n).padStart(2, '0');

/** "3 Mar 2025" in the reader's zone. */
export function reportDay(at: number, offset: UtcOffset): string {
  const d = new Date(at + offset(at) * 60_000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "3 Mar 2025 08:00" in the reader's zone. */
export function reportTime(at: number, offset: UtcOffset): string {
  const d = new Date(at + offset(at) * 60_000);
  return `${reportDay(at, offset)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const wholeMinutes = (ms: number): number => Math.round(ms / 60_000);
const signed = (n: number): string => (n > 0 ? `+${n.toFixed(1)}` : n < 0 ? `−${Math.abs(n).toFixed(1)}` : '0.0');
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

function painTrend(records: readonly JournalRecord[], now: number, offset: UtcOffset): string[] {
  const before = records.filter((r) => r.painBefore !== null);
  const first = before[0];
  const last = before.at(-1);
  if (!first || !last) return ['No pain scores were recorded.'];
  const scores = before.map((r) => r.painBefore ?? 0);
  const lines = [
    before.length === 1
      ? `Pain before a session (0–10, self-rated): ${first.painBefore} on ${reportDay(first.startedAt, offset)}; one score only.`
      : `Pain before a session (0–10, self-rated): ${first.painBefore} on ${reportDay(first.startedAt, offset)}, ${last.painBefore} on ${reportDay(last.startedAt, offset)} (${before.length} scores, lowest ${Math.min(...scores)}, highest ${Math.max(...scores)}).`,
  ];
  const paired = records.filter((r) => r.painBefore !== null && r.painAfter !== null);
  if (paired.length > 0) {
    const changes = paired.map((r) => (r.painAfter ?? 0) - (r.painBefore ?? 0));
    const mean = changes.reduce((a, b) => a + b, 0) / changes.length;
    const lower = changes.filter((c) => c < 0).length;
    const higher = changes.filter((c) => c > 0).length;
    lines.push(
      `Straight after a session, pain changed by ${signed(mean)} points on average (${plural(paired.length, 'session')} with both scores: ${lower} lower, ${paired.length - lower - higher} the same, ${higher} higher).`,
    );
  }
  const advice = trendAdvice(records, now);
  // The app's own rule for suggesting a professional (docs/trend-rule.md), in the person's words.
  for (const finding of advice?.findings ?? []) lines.push(`Flagged by the app: ${findingForClinician(finding)}`);
  return lines;
}

/** The trend rule's findings (trend.ts), in the third person. */
function findingForClinician(finding: TrendFinding): string {
  switch (finding.kind) {
    case 'not-improving':
      return `not improving over ${finding.days} days: mean pain before sessions ${finding.firstWeekMean} in the first week, ${finding.lastWeekMean} in the last (${finding.readings} scores).`;
    case 'rising':
      return `rising over ${finding.days} days: the last ${finding.scores.length} scores were ${finding.scores.join(', ')}.`;
    case 'symptom-stops':
      return `${finding.count} symptom stops in the last ${finding.days} days.`;
  }
}

function sessionRow(record: JournalRecord, offset: UtcOffset): ReportSessionRow {
  const heat = wholeMinutes(record.heatMs);
  const score = (value: number | null): string => (value === null ? 'not asked' : String(value));
  return {
    when: reportTime(record.startedAt, offset),
    preset: presetById(record.presetId).name,
    minutes: `${wholeMinutes(record.activeMs)} min${heat > 0 ? ` (heat ${heat})` : ''}`,
    pain:
      record.painBefore === null && record.painAfter === null ? 'not asked' : `${score(record.painBefore)} → ${score(record.painAfter)}`,
    ended: record.endReason === null ? 'still running' : END_REASON_LABEL[record.endReason],
  };
}

/** A symptom stop: what was reported and when, then what the red-flag questions found. */
function stop(record: JournalRecord, offset: UtcOffset): ReportStop {
  const reported = record.symptoms.map((s) => `${SYMPTOM_LABEL[s.kind]} at ${sinceStart(record, s.at)} into the session`);
  const what = `${presetById(record.presetId).name}: ${reported.length > 0 ? reported.join('; ') : 'stopped for symptoms'}.`;
  const flags = record.redFlags.map((flag) => RED_FLAG_LABEL[flag]);
  const outcome =
    record.care === null
      ? 'Red-flag questions not answered.'
      : `${flags.length > 0 ? `Answered yes: ${flags.join('; ')}. ` : 'No red flag answered yes. '}Outcome: ${CARE_LABEL[record.care]}.`;
  return { when: reportTime(record.startedAt, offset), what, outcome };
}

export function clinicianReport(records: readonly JournalRecord[], now: number, offset: UtcOffset): ClinicianReport {
  const sorted = [...records].sort((a, b) => a.startedAt - b.startedAt);
  const first = sorted[0];
  const last = sorted.at(-1);
  const total = wholeMinutes(sorted.reduce((sum, r) => sum + r.activeMs, 0));
  const period =
    first && last
      ? `${reportDay(first.startedAt, offset)} to ${reportDay(last.startedAt, offset)}: ${plural(sorted.length, 'session')}, ${total} minutes in all.`
      : 'No sessions recorded.';
  const shown = sorted.slice(-REPORT_SESSION_ROWS).reverse();
  const stops = sorted.filter((r) => r.endReason === 'symptom' || r.symptoms.length > 0 || r.care !== null).reverse();
  const endings = stopsByReason(sorted)
    .map(({ reason, count }) => `${END_REASON_LABEL[reason].toLowerCase()} ${count}`)
    .join(', ');
  return {
    period,
    painTrend: painTrend(sorted, now, offset),
    sessions: shown.map((r) => sessionRow(r, offset)),
    sessionsNotListed: sorted.length - shown.length,
    endings: endings === '' ? '' : `How sessions ended: ${endings}.`,
    stops: stops.slice(0, REPORT_STOP_ROWS).map((r) => stop(r, offset)),
    stopsNotListed: Math.max(0, stops.length - REPORT_STOP_ROWS),
  };
}
