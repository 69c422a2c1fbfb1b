import { OUTPUT_KINDS } from '../commands.js';
import { OUTPUTS } from '../outputs.js';
import { presetById } from '../safety/presets.js';
import { CARE_LABEL, CHECKIN_LABEL, END_REASON_LABEL, RED_FLAG_LABEL, SYMPTOM_LABEL } from './labels.js';
import { JOURNAL_FORMAT, JOURNAL_VERSION, type JournalExport, type JournalRecord } from './schema.js';

/** Minutes east of UTC at a given time (the page passes the browser's zone; tests pass a fixed one). */
export type UtcOffset = (at: number) => number;

export const UTC: UtcOffset = () => 0;

/** The JSON export: the records exactly as kept, so importing it gives back the same journal. */
export function toJsonExport(records: readonly JournalRecord[], exportedAt: number): string {
  const document: JournalExport = {
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    exportedAt: new Date(exportedAt).toISOString(),
    sessions: [...records].sort((a, b) => a.startedAt - b.startedAt),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2025-03-01 09:05 +01:00": local time a reader can take at face value, with its zone. */
export function localTime(at: number, offset: UtcOffset): string {
  const minutesEast = offset(at);
  const shifted = new Date(at + minutesEast * 60_000);
  const sign = minutesEast < 0 ? '-' : '+';
  const abs = Math.abs(minutesEast);
  const date = `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  return `${date} ${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const minutes = (ms: number): string => (ms / 60_000).toFixed(1);
export const sinceStart = (record: JournalRecord, at: number): string => {
  const seconds = Math.max(0, Math.round((at - record.startedAt) / 1000));
  return `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
};

/**
 * "2.0 min at level 1; 3.5 min at level 2": time at each level used for a tenth of a minute or
 * more, leaving out off (level 0). `unit` names the steps ("level", "speed").
 */
export function minutesByLevel(ms: readonly number[], unit: string): string {
  return ms
    .map((value, level) => ({ level, shown: minutes(value) }))
    .filter(({ level, shown }) => level > 0 && shown !== '0.0')
    .map(({ level, shown }) => `${shown} min at ${unit} ${level}`)
    .join('; ');
}

/**
 * A text cell, quoted when it holds a comma, quote or line break (RFC 4180). A cell that starts
 * like a formula (= + - @) gets a leading apostrophe, so a spreadsheet shows it instead of running
 * it: imported files can carry any text in endDetail.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** "highest vibration level", "time at each kneading speed": one pair of columns per output. */
const highest = OUTPUT_KINDS.map((kind) => `highest ${OUTPUTS[kind].label.toLowerCase()} ${OUTPUTS[kind].unit}`);
const timeAtEach = OUTPUT_KINDS.map((kind) => `time at each ${OUTPUTS[kind].label.toLowerCase()} ${OUTPUTS[kind].unit}`);

/** Column names a reader needs no manual for: what, in which unit, and when. */
export const CSV_COLUMNS: readonly string[] = [
  'started',
  'ended',
  'preset',
  'how it ended',
  'active minutes',
  'heat minutes',
  'pain before (0-10)',
  'pain after (0-10)',
  ...highest,
  'highest heater °C',
  ...timeAtEach,
  'symptoms reported (min:s into the session)',
  'check-in answers (min:s into the session)',
  'advice after the red-flag questions',
  'red flags answered yes',
  'detail',
  'session id',
];

function csvRow(record: JournalRecord, offset: UtcOffset): (string | number | null)[] {
  return [
    localTime(record.startedAt, offset),
    record.endedAt === null ? null : localTime(record.endedAt, offset),
    presetById(record.presetId).name,
    record.endReason === null ? 'still running' : END_REASON_LABEL[record.endReason],
    minutes(record.activeMs),
    minutes(record.heatMs),
    record.painBefore,
    record.painAfter,
    ...OUTPUT_KINDS.map((kind) => record[OUTPUTS[kind].cap]),
    record.maxHeaterC,
    ...OUTPUT_KINDS.map((kind) => minutesByLevel(record[OUTPUTS[kind].timeAt], OUTPUTS[kind].unit)),
    record.symptoms.map((s) => `${SYMPTOM_LABEL[s.kind]} at ${sinceStart(record, s.at)}`).join('; '),
    record.checkins.map((c) => `${CHECKIN_LABEL[c.answer]} at ${sinceStart(record, c.at)}`).join('; '),
    record.care === null ? null : CARE_LABEL[record.care],
    record.redFlags.map((flag) => RED_FLAG_LABEL[flag]).join('; '),
    record.endDetail,
    record.id,
  ];
}

/** The CSV export for a clinician: one row per session, oldest first, times in the reader's zone. */
export function toCsv(records: readonly JournalRecord[], offset: UtcOffset = UTC): string {
  const rows = [[...CSV_COLUMNS], ...[...records].sort((a, b) => a.startedAt - b.startedAt).map((r) => csvRow(r, offset))];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
