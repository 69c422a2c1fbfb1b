import type { Outputs, VettedCommand } from '../commands.js';
import type { DeviceRejection, DeviceReport, DeviceStopCause } from '../device-report.js';
import type { OutputCaps, OutputTimes } from '../outputs.js';
import type { Capabilities } from '../profile/types.js';
import type { SessionCaps } from '../safety/resolve.js';
import type { PresetId } from '../safety/presets.js';
import type { ScreeningAnswers } from '../safety/screening.js';
import type { Care, CareAdvice, TriageAnswers } from '../safety/triage.js';
import type { OutputRequest, RefusalReason } from '../safety/vet.js';

export type EndReason =
  | 'completed'
  | 'user'
  | 'symptom'
  | 'disconnected'
  | 'device-stopped'
  | 'fault'
  | 'write-failed'
  | 'paused-too-long'
  /** A check-in went unanswered: heat off and paused first, then ended. */
  | 'checkin-unanswered'
  /** Closed on the next load after the tab died mid-session (the journal sets this). */
  | 'interrupted'
  /** Stopped without reaching STOP: a loud sound, a tap anywhere, the massager's own button (see StopSource). */
  | 'sound'
  | 'tap'
  | 'device-button';

/**
 * Where a deliberate stop came from. Every source ends the session the same way STOP does (the
 * stop goes out first, then the session ends); only the journal's end reason tells them apart.
 * 'user' is STOP and Escape; 'device-button' is a STOP button on the massager itself, reported by
 * its family's decoder (a DeviceStopCause of 'button') or dispatched as a stop event.
 */
export type StopSource = 'user' | 'sound' | 'tap' | 'device-button';

export type SymptomKind = 'more-pain' | 'numbness' | 'weakness' | 'button';
export type CheckinAnswer = 'same' | 'better' | 'more-pain' | 'numbness' | 'weakness';
export type SessionStatus = 'ramping' | 'running' | 'paused' | 'ended';

/**
 * Per output (see OUTPUTS in ../outputs.ts): its highest level (`OutputCaps`' keys: maxVibration,
 * maxKneading, maxHeat) and the milliseconds spent at each level, index is the level
 * (`OutputTimes`: msAtVibration, msAtKneading, msAtHeat).
 */
export interface SessionStats extends OutputCaps, OutputTimes {
  readonly maxHeaterC: number | null;
}

export interface Session {
  readonly id: string;
  readonly presetId: PresetId;
  readonly caps: SessionCaps;
  readonly status: SessionStatus;
  readonly startedAt: number;
  /** Time with outputs allowed on, summed up to `accountedTo`. */
  readonly activeMs: number;
  /** Time with heat on, summed up to `accountedTo`. */
  readonly heatMs: number;
  readonly accountedTo: number;
  /** Start of the current soft start (session start, or the last resume). */
  readonly rampFrom: number;
  readonly pausedAt: number | null;
  /** What the person asked for (after vetting); the soft start approaches it. */
  readonly requested: Outputs;
  /** What was last sent to the device. */
  readonly sent: Outputs;
  /** When a level was last sent: the device's report may lag behind it until then plus a grace. */
  readonly sentAt: number;
  /**
   * Levels sent again because the device kept reporting more than was last sent. Level writes go
   * without response, so the state report is the only confirmation a lowered level gets.
   */
  readonly levelResends: number;
  readonly heatEnded: boolean;
  readonly warnedLastMinute: boolean;
  readonly nextCheckinAt: number;
  readonly checkinOpen: boolean;
  /** When the open check-in was asked (or last restarted by a Resume); null with none open. */
  readonly checkinOpenedAt: number | null;
  /** Why the session is paused: by the person, or because a check-in went unanswered. */
  readonly pauseCause: 'person' | 'checkin-unanswered' | null;
  /** The device acknowledged the last limits write (or the device takes no limits). */
  readonly limitsAcknowledged: boolean;
  /** The device has reported an armed session since it acknowledged the last limits. */
  readonly deviceArmed: boolean;
  readonly end: { readonly at: number; readonly reason: EndReason; readonly detail: string | null } | null;
  readonly stats: SessionStats;
  readonly symptoms: readonly { readonly at: number; readonly kind: SymptomKind }[];
  readonly checkins: readonly { readonly at: number; readonly answer: CheckinAnswer }[];
  readonly painBefore: number | null;
  readonly painAfter: number | null;
  readonly care: CareAdvice | null;
}

/** A past session as far as cool-downs and the daily cap care. */
export interface RecentSession {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly activeMs: number;
  readonly cooldownMs: number;
}

export interface ConnectedDevice {
  readonly capabilities: Capabilities;
  readonly limitsEnforcedByDevice: boolean;
  /** The longest session and heat time the device says it takes, in seconds (the DIY board's CAP). */
  readonly maxSessionSeconds?: number;
}

export interface MachineState {
  readonly now: number;
  readonly screening: ScreeningAnswers | null;
  readonly device: ConnectedDevice | null;
  readonly presetId: PresetId;
  readonly session: Session | null;
  readonly recent: readonly RecentSession[];
  readonly lockedUntil: number | null;
  readonly lockReason: Care | null;
  /** A symptom stop happened and the red-flag questions are not answered yet. */
  readonly triagePending: boolean;
  /** Stops re-sent because the device still reported outputs on after a stop. */
  readonly stopRetries: number;
  readonly lastStopSentAt: number | null;
  /**
   * A first-power-on check of a built board holds the device (core/check/first-power-on.ts): its
   * outputs are the check's, which keeps its own stop rules, and no session starts meanwhile.
   */
  readonly boardCheck: boolean;
}

export type SessionEvent =
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'screening'; readonly at: number; readonly screening: ScreeningAnswers }
  | { readonly type: 'connected'; readonly at: number; readonly device: ConnectedDevice }
  | { readonly type: 'disconnected'; readonly at: number }
  | { readonly type: 'select-preset'; readonly at: number; readonly presetId: PresetId }
  | { readonly type: 'start'; readonly at: number; readonly sessionId: string; readonly painBefore?: number | null }
  | { readonly type: 'set'; readonly at: number; readonly request: OutputRequest }
  | { readonly type: 'pause'; readonly at: number }
  | { readonly type: 'resume'; readonly at: number }
  /** Without a source, a stop is the person's own (STOP, Escape): 'user'. */
  | { readonly type: 'stop'; readonly at: number; readonly source?: StopSource }
  | { readonly type: 'symptom'; readonly at: number; readonly kind: SymptomKind }
  | { readonly type: 'checkin'; readonly at: number; readonly answer: CheckinAnswer }
  | { readonly type: 'triage'; readonly at: number; readonly answers: TriageAnswers }
  | { readonly type: 'report'; readonly at: number; readonly report: DeviceReport }
  /** A reading from the standard thermometer service: a second opinion on the heater. */
  | { readonly type: 'temperature'; readonly at: number; readonly celsius: number | null }
  | { readonly type: 'device-stopped'; readonly at: number; readonly cause: DeviceStopCause }
  | { readonly type: 'device-rejected'; readonly at: number; readonly rejection: DeviceRejection }
  | { readonly type: 'link-failure'; readonly at: number; readonly message: string }
  /**
   * The device acknowledged the limits write. Reports arrive in order with write answers, so only
   * a report after this can confirm the new session; an earlier one may be from the last session.
   */
  | { readonly type: 'limits-acknowledged'; readonly at: number; readonly sessionId: string }
  | { readonly type: 'pain-after'; readonly at: number; readonly score: number | null }
  /** A board check took the device, or gave it back (every output off). */
  | { readonly type: 'board-check'; readonly at: number; readonly running: boolean }
  | {
      readonly type: 'history';
      readonly at: number;
      readonly recent: readonly RecentSession[];
      readonly lockedUntil: number | null;
      readonly lockReason: Care | null;
      readonly triagePending: boolean;
    };

export type StartRefusal =
  | 'no-device'
  | 'not-screened'
  | 'blocked'
  | 'preset-not-allowed'
  | 'triage-pending'
  | 'locked'
  | 'already-running'
  | 'board-check'
  | 'cooldown'
  | 'daily-cap'
  | 'nothing-to-run';

export type Notice =
  | { readonly kind: 'refused'; readonly reason: RefusalReason | StartRefusal | 'not-paused'; readonly message: string }
  | { readonly kind: 'clamped'; readonly message: string }
  | { readonly kind: 'started' }
  | { readonly kind: 'ramped' }
  | { readonly kind: 'paused' }
  | { readonly kind: 'resumed' }
  | { readonly kind: 'last-minute' }
  | { readonly kind: 'heat-limit' }
  | { readonly kind: 'checkin-due' }
  /** The check-in went unanswered: heat is off and the session paused. */
  | { readonly kind: 'checkin-missed' }
  | { readonly kind: 'ended'; readonly reason: EndReason; readonly detail: string | null }
  | { readonly kind: 'triage-needed' }
  | { readonly kind: 'care'; readonly advice: CareAdvice }
  | { readonly kind: 'stop-not-taken'; readonly retries: number };

export type Effect =
  | { readonly kind: 'send'; readonly command: VettedCommand }
  | { readonly kind: 'notice'; readonly notice: Notice }
  /** The device ignored repeated stops: drop the link so its own link-loss rule stops it. */
  | { readonly kind: 'drop-link' };

export interface Step {
  readonly state: MachineState;
  readonly effects: readonly Effect[];
}
