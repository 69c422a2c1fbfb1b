import * as v from 'valibot';
import type { PresetId } from '../safety/presets.js';
import type { Care, RedFlagId } from '../safety/triage.js';
import type { CheckinAnswer, EndReason, SymptomKind } from '../session/types.js';

/**
 * The journal's record of one session, as kept in IndexedDB and as written to a JSON export.
 * Times are milliseconds since 1970 (UTC). Every field is always present (null when unknown), so
 * an export reads the same whatever the session did.
 */

/** The names a union allows, listed once; `satisfies` plus `Exactly` keep list and union in step. */
type Exactly<List extends readonly string[], Union extends string> = [Union] extends [List[number]] ? List : never;

const PRESET_IDS = ['gentle', 'everyday', 'warmth', 'flare', 'reduced-sensation'] as const satisfies readonly PresetId[];
const END_REASONS = [
  'completed',
  'user',
  'symptom',
  'disconnected',
  'device-stopped',
  'fault',
  'write-failed',
  'paused-too-long',
  'checkin-unanswered',
  'interrupted',
  // Added without a store version: records kept before them stay valid, as none used them.
  'sound',
  'tap',
  'device-button',
] as const satisfies readonly EndReason[];
const SYMPTOM_KINDS = ['more-pain', 'numbness', 'weakness', 'button'] as const satisfies readonly SymptomKind[];
const CHECKIN_ANSWERS = ['same', 'better', 'more-pain', 'numbness', 'weakness'] as const satisfies readonly CheckinAnswer[];
const CARE_LEVELS = ['emergency', 'urgent', 'routine', 'self-care'] as const satisfies readonly Care[];
const RED_FLAGS = [
  'both-legs',
  'both-legs-weak',
  'saddle-numbness',
  'bladder',
  'bowel',
  'foot-drop',
  'fever',
  'cancer-history',
  'weeks-no-better',
  'getting-worse',
  'stops-activities',
] as const satisfies readonly RedFlagId[];

// Compile-time: each list names every member of its union (a missing one makes this `never`).
export const JOURNAL_ENUMS = {
  presetIds: PRESET_IDS satisfies Exactly<typeof PRESET_IDS, PresetId>,
  endReasons: END_REASONS satisfies Exactly<typeof END_REASONS, EndReason>,
  symptomKinds: SYMPTOM_KINDS satisfies Exactly<typeof SYMPTOM_KINDS, SymptomKind>,
  checkinAnswers: CHECKIN_ANSWERS satisfies Exactly<typeof CHECKIN_ANSWERS, CheckinAnswer>,
  careLevels: CARE_LEVELS satisfies Exactly<typeof CARE_LEVELS, Care>,
  redFlags: RED_FLAGS satisfies Exactly<typeof RED_FLAGS, RedFlagId>,
} as const;

/** The export's name and version: a file without them is not a journal export. */
export const JOURNAL_FORMAT = 'easeback-journal';
export const JOURNAL_VERSION = 1;

/** 2000-01-01 to 2200-01-01: a time outside this is a corrupt number, not a real session. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
/** A level is one byte on the wire; a day is far longer than any session may run. */
const MAX_LEVEL = 255;
const MAX_SESSION_MS = 24 * 60 * 60_000;
/** More than this many entries in one session's lists can only be a corrupt or hostile file. */
const MAX_EVENTS = 1000;
export const MAX_IMPORT_SESSIONS = 20_000;

const time = v.pipe(
  v.number('must be a time in milliseconds'),
  v.integer('must be a whole number of milliseconds'),
  v.minValue(EARLIEST, 'is before the year 2000'),
  v.maxValue(LATEST, 'is after the year 2200'),
);
const duration = v.pipe(
  v.number('must be a duration in milliseconds'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(MAX_SESSION_MS, 'is longer than a day'),
);
const level = v.pipe(
  v.number('must be a level'),
  v.integer('must be a whole level'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(MAX_LEVEL),
);
const pain = v.nullable(
  v.pipe(
    v.number('must be a whole number from 0 to 10, or null'),
    v.integer('must be a whole number from 0 to 10, or null'),
    v.minValue(0, 'must be from 0 to 10'),
    v.maxValue(10, 'must be from 0 to 10'),
  ),
);
const msAtLevels = v.pipe(
  v.array(duration, 'must be a list of durations'),
  v.maxLength(MAX_LEVEL + 1, 'has more entries than levels exist'),
);
const celsius = v.nullable(v.pipe(v.number('must be a temperature in °C, or null'), v.minValue(-40), v.maxValue(100)));

export const journalRecordSchema = v.strictObject({
  id: v.pipe(v.string('must be text'), v.minLength(1, 'must not be empty'), v.maxLength(100, 'is too long')),
  presetId: v.picklist(PRESET_IDS, `must be one of ${PRESET_IDS.join(', ')}`),
  startedAt: time,
  /** The last time the record was written while the session ran: where an interrupted one ends. */
  updatedAt: time,
  endedAt: v.nullable(time),
  endReason: v.nullable(v.picklist(END_REASONS, `must be one of ${END_REASONS.join(', ')}, or null`)),
  endDetail: v.nullable(v.pipe(v.string('must be text or null'), v.maxLength(500, 'is too long'))),
  /** Time with outputs allowed on (pauses excluded), and the part of it with heat on. */
  activeMs: duration,
  heatMs: duration,
  /** The limits the session ran under, in the device's own steps. */
  limits: v.strictObject({
    maxVibration: level,
    maxKneading: level,
    maxHeat: level,
    maxHeatC: v.pipe(v.number('must be a temperature in °C'), v.minValue(0), v.maxValue(45, 'is above any heat Easeback allows')),
    sessionMs: duration,
    cooldownMs: duration,
  }),
  /** Milliseconds spent at each level: the index is the level, 0 is off. */
  msAtVibration: msAtLevels,
  msAtKneading: msAtLevels,
  msAtHeat: msAtLevels,
  maxVibration: level,
  maxKneading: level,
  maxHeat: level,
  maxHeaterC: celsius,
  painBefore: pain,
  painAfter: pain,
  symptoms: v.pipe(
    v.array(v.strictObject({ at: time, kind: v.picklist(SYMPTOM_KINDS, `must be one of ${SYMPTOM_KINDS.join(', ')}`) })),
    v.maxLength(MAX_EVENTS),
  ),
  checkins: v.pipe(
    v.array(v.strictObject({ at: time, answer: v.picklist(CHECKIN_ANSWERS, `must be one of ${CHECKIN_ANSWERS.join(', ')}`) })),
    v.maxLength(MAX_EVENTS),
  ),
  /** The care level the red-flag questions gave after a symptom stop, and the answers that led there. */
  care: v.nullable(v.picklist(CARE_LEVELS, `must be one of ${CARE_LEVELS.join(', ')}, or null`)),
  redFlags: v.pipe(v.array(v.picklist(RED_FLAGS, `must be one of ${RED_FLAGS.join(', ')}`)), v.maxLength(RED_FLAGS.length)),
});

export type JournalRecord = v.InferOutput<typeof journalRecordSchema>;

export const journalExportSchema = v.strictObject({
  format: v.literal(JOURNAL_FORMAT, `must be "${JOURNAL_FORMAT}": this is not an Easeback journal export`),
  version: v.literal(JOURNAL_VERSION, `must be ${JOURNAL_VERSION}: this export is from another version of Easeback`),
  exportedAt: v.pipe(v.string('must be a date'), v.isoTimestamp('must be an ISO 8601 date and time')),
  sessions: v.pipe(
    v.array(journalRecordSchema, 'must be a list of sessions'),
    v.maxLength(MAX_IMPORT_SESSIONS, `has more than ${MAX_IMPORT_SESSIONS} sessions`),
  ),
});

export type JournalExport = v.InferOutput<typeof journalExportSchema>;
