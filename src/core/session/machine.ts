import {
  ALL_OFF,
  anyOutputOn,
  isLevelCommand,
  OUTPUT_KINDS,
  perOutput,
  type DeviceLimits,
  type OutputKind,
  type Outputs,
  type VettedCommand,
} from '../commands.js';
import type { DeviceReport, DeviceStopCause } from '../device-report.js';
import { applyLevel, OUTPUTS, outputCaps, outputTimes, type OutputRequest } from '../outputs.js';
import { GLOBAL_CAPS } from '../safety/caps.js';
import { presetById, type PresetId } from '../safety/presets.js';
import { resolveCaps, withinDeviceRanges } from '../safety/resolve.js';
import { restrictionsFor } from '../safety/screening.js';
import { triage } from '../safety/triage.js';
import { vet, vetLimits, vetStop } from '../safety/vet.js';
import type {
  Effect,
  EndReason,
  MachineState,
  Notice,
  RecentSession,
  Session,
  SessionEvent,
  SessionStats,
  StartRefusal,
  Step,
} from './types.js';

/**
 * The session engine: a pure function from (state, event) to (state, effects).
 *
 * It owns no timers and reads no clock: every event carries its time, and the app layer feeds
 * `tick` events from whatever timer it has. Because time is summed from event to event, a tab
 * that was asleep for ten minutes catches up correctly on its next tick: the session ends at its
 * deadline, not ten minutes late (and the firmware, given the same deadline, stopped on time).
 *
 * Every command in the effects was made by the vetting functions in safety/vet.ts.
 */
export function initialState(presetId: PresetId = 'gentle', now = 0): MachineState {
  return {
    now,
    screening: null,
    device: null,
    presetId,
    session: null,
    recent: [],
    lockedUntil: null,
    lockReason: null,
    triagePending: false,
    stopRetries: 0,
    lastStopSentAt: null,
    boardCheck: false,
  };
}

const STOP_RESEND_MS = 1000;
const STOP_RESENDS_BEFORE_DROP = 3;
/** How long a report may still show a level above the one last sent (notifications lag writes). */
export const LEVEL_CONFIRM_MS = 1500;
/** Resends of a lowered level before the session is ended as a fault. */
export const LEVEL_RESENDS_BEFORE_FAULT = 2;
const DEADLINE_SLACK_MS = 2000;
const LAST_MINUTE_MS = 60_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Collects effects for one step and keeps `session.sent` in line with what went out. */
class Draft {
  readonly effects: Effect[] = [];
  /** One stop per step is enough: a second adds nothing but a frame on the wire. */
  stopSent = false;
  state: Mutable<MachineState>;
  session: Mutable<Session> | null;

  constructor(state: MachineState, at: number) {
    this.state = { ...state, now: Math.max(state.now, at) };
    this.session = state.session ? { ...state.session } : null;
  }

  send(command: VettedCommand): void {
    if (command.kind === 'stop' && this.stopSent) return;
    this.effects.push({ kind: 'send', command });
    const s = this.session;
    if (command.kind === 'stop') {
      this.stopSent = true;
      this.state.lastStopSentAt = this.state.now;
      if (s) s.sent = ALL_OFF;
    } else if (s && isLevelCommand(command)) {
      s.sent = applyLevel(s.sent, command);
      s.sentAt = this.state.now;
    }
  }

  /**
   * Sends a stop ahead of anything this step would send, after summing the time up to `at` at the
   * levels that really were on (so the journal is right), then lets `after` run.
   */
  stopFirst(at: number, after: () => void = () => undefined): void {
    const mark = this.effects.length;
    advance(this, at);
    // If summing time ended the session, its stop is already in the list: move it to the front.
    const earlier = this.effects.findIndex((e, i) => i >= mark && e.kind === 'send' && e.command.kind === 'stop');
    if (earlier >= 0) this.effects.splice(earlier, 1);
    this.effects.splice(mark, 0, { kind: 'send', command: vetStop() });
    this.stopSent = true;
    this.state.lastStopSentAt = this.state.now;
    if (this.session) this.session.sent = ALL_OFF;
    after();
  }

  notice(notice: Notice): void {
    this.effects.push({ kind: 'notice', notice });
  }

  done(): Step {
    this.state.session = this.session;
    return { state: this.state, effects: this.effects };
  }
}

export function isActive(session: Session | null): boolean {
  return session !== null && (session.status === 'ramping' || session.status === 'running');
}

export function isOpen(session: Session | null): boolean {
  return session !== null && session.status !== 'ended';
}

/** Time left before the session limit, counting only time with outputs allowed on. */
export function sessionTimeLeft(session: Session, at: number): number {
  const since = isActive(session) ? Math.max(0, at - session.accountedTo) : 0;
  return Math.max(0, session.caps.sessionMs - session.activeMs - since);
}

export function heatTimeLeft(session: Session, at: number): number {
  if (session.heatEnded) return 0;
  const since = isActive(session) && session.sent.heat > 0 ? Math.max(0, at - session.accountedTo) : 0;
  return Math.max(0, session.caps.heatMs - session.heatMs - since);
}

function emptyStats(): SessionStats {
  return { ...outputCaps(() => 0), maxHeaterC: null, ...outputTimes(() => []) };
}

function addAt(list: readonly number[], level: number, ms: number): number[] {
  const out = [...list];
  while (out.length <= level) out.push(0);
  out[level] = (out[level] ?? 0) + ms;
  return out;
}

function recordTime(s: Mutable<Session>, ms: number): void {
  if (ms <= 0) return;
  s.activeMs += ms;
  if (s.sent.heat > 0) s.heatMs += ms;
  const stats = s.stats;
  s.stats = { ...stats, ...outputTimes((kind) => addAt(stats[OUTPUTS[kind].timeAt], s.sent[kind], ms)) };
}

function noteLevels(s: Mutable<Session>): void {
  const stats = s.stats;
  s.stats = { ...stats, ...outputCaps((kind) => Math.max(stats[OUTPUTS[kind].cap], s.sent[kind])) };
}

/**
 * The soft start: motors come up one step at a time over rampMs; heat warms slowly by itself
 * (each output's `ramps`). An output used up for the session (heat past its time) stays off.
 */
function rampedOutputs(s: Session, at: number): Outputs {
  const progress = s.caps.rampMs <= 0 ? 1 : Math.min(1, Math.max(0, (at - s.rampFrom) / s.caps.rampMs));
  const ramp = (target: number) => (target === 0 ? 0 : Math.min(target, Math.max(1, Math.ceil(target * progress))));
  const level = perOutput((kind) => {
    const { ramps, usedUp } = OUTPUTS[kind];
    if (usedUp(s)) return 0;
    return ramps ? ramp(s.requested[kind]) : s.requested[kind];
  });
  return { ...level, direction: s.requested.direction };
}

/** Requests that set each `changed` output to its level in `to`, in the fixed order of the output kinds. */
function requestsFor(to: Outputs, changed: (kind: OutputKind) => boolean): OutputRequest[] {
  return OUTPUT_KINDS.filter(changed).map((kind) => OUTPUTS[kind].request(to[kind], to.direction));
}

/** Sends what differs between what went out and what the soft start allows now. */
function applyOutputs(d: Draft, at: number): void {
  const s = d.session;
  if (!s || !isActive(s)) return;
  const want = rampedOutputs(s, at);
  const context = { caps: s.caps, active: true, heatTimeLeftMs: heatTimeLeft(s, at) };
  const sent = s.sent;
  const requests = requestsFor(
    want,
    (kind) => want[kind] !== sent[kind] || (OUTPUTS[kind].directional && want[kind] > 0 && want.direction !== sent.direction),
  );
  for (const request of requests) {
    const verdict = vet(request, context);
    if (verdict.ok) d.send(verdict.command);
  }
  noteLevels(s);
  if (s.status === 'ramping' && at - s.rampFrom >= s.caps.rampMs) {
    s.status = 'running';
    d.notice({ kind: 'ramped' });
  }
}

function endSession(d: Draft, at: number, reason: EndReason, detail: string | null = null): void {
  d.send(vetStop());
  const s = d.session;
  if (!s || s.status === 'ended') return;
  s.status = 'ended';
  s.end = { at, reason, detail };
  s.checkinOpen = false;
  s.checkinOpenedAt = null;
  s.pausedAt = null;
  s.pauseCause = null;
  if (s.activeMs >= GLOBAL_CAPS.countsAfterMs.value) {
    d.state.recent = [...d.state.recent, { startedAt: s.startedAt, endedAt: at, activeMs: s.activeMs, cooldownMs: s.caps.cooldownMs }];
  }
  d.notice({ kind: 'ended', reason, detail });
}

/**
 * Sums time up to `to` at the levels that were on, switching heat off at its own limit and ending
 * the session at its limit, each at the moment it was due even when `to` is long after.
 */
function advance(d: Draft, to: number): void {
  const s = d.session;
  if (!s || !isActive(s)) return;
  while (s.accountedTo < to && isActive(s)) {
    const sessionLeft = s.caps.sessionMs - s.activeMs;
    const heatLeft = s.sent.heat > 0 ? s.caps.heatMs - s.heatMs : Infinity;
    const dt = Math.max(0, Math.min(to - s.accountedTo, sessionLeft, heatLeft));
    recordTime(s, dt);
    s.accountedTo += dt;
    if (s.sent.heat > 0 && s.heatMs >= s.caps.heatMs) {
      s.heatEnded = true;
      // When heat's limit is also the session's, the stop below switches it off anyway.
      if (s.activeMs < s.caps.sessionMs) {
        d.send(vetHeatOff());
        d.notice({ kind: 'heat-limit' });
      }
    }
    if (s.activeMs >= s.caps.sessionMs) endSession(d, s.accountedTo, 'completed');
    if (dt === 0 && s.accountedTo < to && isActive(s) && !(s.sent.heat > 0 && s.heatMs >= s.caps.heatMs)) {
      s.accountedTo = to; // nothing left to account: guards against a zero-length loop
    }
  }
  if (s.status !== 'ended') s.accountedTo = Math.max(s.accountedTo, to);
}

function vetHeatOff(): VettedCommand {
  const verdict = vet({ kind: 'heat', level: 0 }, { caps: null, active: false, heatTimeLeftMs: 0 });
  if (!verdict.ok) throw new Error('turning heat off is always allowed');
  return verdict.command;
}

function counted(recent: readonly RecentSession[], at: number): RecentSession[] {
  return recent.filter((r) => r.startedAt > at - 24 * 60 * 60_000 && r.activeMs >= GLOBAL_CAPS.countsAfterMs.value);
}

/** Why a new session cannot start now, or null when it can. */
export function startRefusal(state: MachineState, at: number): { reason: StartRefusal; message: string; until?: number } | null {
  if (isOpen(state.session)) return { reason: 'already-running', message: 'A session is already running.' };
  if (state.boardCheck) return { reason: 'board-check', message: 'Finish or stop the board check first.' };
  if (!state.device) return { reason: 'no-device', message: 'Connect a massager first.' };
  if (!state.screening) return { reason: 'not-screened', message: 'Answer the safety questions first.' };
  const restrictions = restrictionsFor(state.screening);
  if (restrictions.blocked.length > 0) {
    return { reason: 'blocked', message: 'Your safety answers mean Easeback stays off for now. See the advice in Safety questions.' };
  }
  if (state.triagePending) return { reason: 'triage-pending', message: 'Answer the symptom questions first.' };
  if (state.lockedUntil !== null && at < state.lockedUntil) {
    return {
      reason: 'locked',
      message: 'Easeback is locked after your symptom answers. Please get the care advised.',
      until: state.lockedUntil,
    };
  }
  if (!restrictions.allowedPresets.includes(state.presetId)) {
    return { reason: 'preset-not-allowed', message: 'Your safety answers rule out this preset. Choose one of those offered.' };
  }
  const recent = counted(state.recent, at);
  const last = recent.reduce<RecentSession | null>((a, b) => (a && a.endedAt > b.endedAt ? a : b), null);
  if (last && at < last.endedAt + last.cooldownMs) {
    return {
      reason: 'cooldown',
      message: 'Rest between sessions: your next one can start after the cool-down.',
      until: last.endedAt + last.cooldownMs,
    };
  }
  if (recent.length >= GLOBAL_CAPS.sessionsPerDay.value) {
    const oldest = Math.min(...recent.map((r) => r.startedAt));
    return {
      reason: 'daily-cap',
      message: `That is ${GLOBAL_CAPS.sessionsPerDay.value} sessions in 24 hours, the most Easeback allows.`,
      until: oldest + 24 * 60 * 60_000,
    };
  }
  return null;
}

function start(d: Draft, event: Extract<SessionEvent, { type: 'start' }>): void {
  const refusal = startRefusal(d.state, event.at);
  const device = d.state.device;
  const screening = d.state.screening;
  if (refusal || !device || !screening) {
    d.notice({ kind: 'refused', reason: refusal?.reason ?? 'no-device', message: refusal?.message ?? 'Connect a massager first.' });
    return;
  }
  const caps = withinDeviceRanges(
    resolveCaps(presetById(d.state.presetId), restrictionsFor(screening), device.capabilities),
    device.maxSessionSeconds,
  );
  if (OUTPUT_KINDS.every((kind) => caps[OUTPUTS[kind].cap] === 0)) {
    d.notice({ kind: 'refused', reason: 'nothing-to-run', message: 'This preset has nothing this massager can do within its limits.' });
    return;
  }
  d.session = {
    id: event.sessionId,
    presetId: d.state.presetId,
    caps,
    status: 'ramping',
    startedAt: event.at,
    activeMs: 0,
    heatMs: 0,
    accountedTo: event.at,
    rampFrom: event.at,
    pausedAt: null,
    requested: caps.start,
    sent: ALL_OFF,
    sentAt: event.at,
    levelResends: 0,
    heatEnded: caps.maxHeat === 0,
    warnedLastMinute: false,
    nextCheckinAt: event.at + caps.checkinMs,
    checkinOpen: false,
    checkinOpenedAt: null,
    pauseCause: null,
    limitsAcknowledged: false,
    deviceArmed: false,
    end: null,
    stats: emptyStats(),
    symptoms: [],
    checkins: [],
    painBefore: event.painBefore ?? null,
    painAfter: null,
    care: null,
  };
  d.state.stopRetries = 0;
  sendLimits(d, event.at);
  d.notice({ kind: 'started' });
  applyOutputs(d, event.at);
}

function sendLimits(d: Draft, at: number): void {
  const s = d.session;
  if (!s) return;
  s.deviceArmed = false;
  // A device that cannot hold limits gets none (nothing to write): the app keeps every limit itself.
  if (d.state.device?.limitsEnforcedByDevice === false) {
    s.limitsAcknowledged = true;
    return;
  }
  s.limitsAcknowledged = false;
  const outputs = OUTPUT_KINDS.map((kind) => {
    const { limit, deviceLimit, usedUp } = OUTPUTS[kind];
    return [limit, deviceLimit(s.caps, usedUp(s))];
  });
  d.send(
    vetLimits({
      ...(Object.fromEntries(outputs) as Omit<DeviceLimits, 'sessionSeconds' | 'heatSeconds'>),
      sessionSeconds: Math.ceil(sessionTimeLeft(s, at) / 1000),
      heatSeconds: Math.floor(heatTimeLeft(s, at) / 1000),
    }),
  );
}

function onTick(d: Draft, at: number): void {
  const s = d.session;
  if (!s) return;
  if (s.status === 'paused') {
    if (s.pausedAt === null) return;
    const unanswered = s.pauseCause === 'checkin-unanswered' && s.checkinOpen;
    if (unanswered && at - s.pausedAt >= GLOBAL_CAPS.checkinUnansweredEndMs.value) {
      const minutes = Math.round((GLOBAL_CAPS.checkinAnswerMs.value + GLOBAL_CAPS.checkinUnansweredEndMs.value) / 60_000);
      endSession(d, at, 'checkin-unanswered', `Nobody answered the check-in for ${minutes} minutes.`);
    } else if (at - s.pausedAt >= GLOBAL_CAPS.pauseMs.value) endSession(d, at, 'paused-too-long');
    return;
  }
  advance(d, at);
  if (!isActive(s)) return;
  if (!s.warnedLastMinute && sessionTimeLeft(s, at) <= LAST_MINUTE_MS) {
    s.warnedLastMinute = true;
    d.notice({ kind: 'last-minute' });
  }
  if (at >= s.nextCheckinAt) {
    s.nextCheckinAt = at + s.caps.checkinMs;
    if (!s.checkinOpen) {
      s.checkinOpen = true;
      s.checkinOpenedAt = at;
      d.notice({ kind: 'checkin-due' });
    }
  }
  if (s.checkinOpen && s.checkinOpenedAt !== null && at - s.checkinOpenedAt >= GLOBAL_CAPS.checkinAnswerMs.value) {
    checkinMissed(d, at);
    return;
  }
  applyOutputs(d, at);
}

/**
 * Nobody answered the check-in: they may have dozed off under heat. Heat goes off first (its own
 * frame, ahead of the stop that pauses everything), then the session pauses. Nothing comes back on
 * by itself: an answer leaves it paused, and only Resume (a new, deliberate action) restarts it.
 */
function checkinMissed(d: Draft, at: number): void {
  const s = d.session;
  if (!s || !isActive(s)) return;
  d.send(vetHeatOff());
  d.send(vetStop());
  s.status = 'paused';
  s.pausedAt = at;
  s.pauseCause = 'checkin-unanswered';
  d.notice({ kind: 'checkin-missed' });
}

function symptomStop(d: Draft, at: number, kind: 'more-pain' | 'numbness' | 'weakness' | 'button'): void {
  // The stop goes first: nothing else may be sent ahead of it.
  d.stopFirst(at, () => {
    const s = d.session;
    if (s) {
      s.symptoms = [...s.symptoms, { at, kind }];
      if (s.status !== 'ended') endSession(d, at, 'symptom', kind);
    }
  });
  d.state.triagePending = true;
  d.notice({ kind: 'triage-needed' });
}

function onReport(d: Draft, at: number, report: DeviceReport): void {
  const s = d.session;
  if (s && isOpen(s)) {
    advance(d, at);
    if (isActive(s) && report.heaterC !== null) {
      s.stats = { ...s.stats, maxHeaterC: Math.max(s.stats.maxHeaterC ?? -Infinity, report.heaterC) };
    }
  }
  const hot = report.heaterC !== null && report.heaterC >= GLOBAL_CAPS.heatHardCutC.value;
  const fault = hot
    ? 'The heater reached 41 °C. Everything was switched off.'
    : report.faults.overTemperature
      ? 'The massager reported over-temperature and switched off.'
      : report.faults.sensorFault && (s?.caps.maxHeat ?? 0) > 0
        ? 'The massager cannot read its heater temperature.'
        : report.faults.lowBattery
          ? 'The massager battery is too low to continue.'
          : null;
  if (s && isOpen(s)) {
    if (fault) return endSession(d, at, 'fault', fault);
    // Any output, each against its own cap: a new output in OUTPUTS is checked here without an edit.
    const over = OUTPUT_KINDS.some((kind) => report[kind] > s.caps[OUTPUTS[kind].cap]);
    if (over) return endSession(d, at, 'fault', 'The massager reported more than this session allows.');
    if (isActive(s)) {
      if (report.sessionArmed === true && s.limitsAcknowledged) s.deviceArmed = true;
      else if (report.sessionArmed === false && s.deviceArmed) deviceStopped(d, at, report.lastStop);
      if (isActive(s)) reconcileLevels(d, at, report);
      return;
    }
  }
  // Nothing should be running now. A device that still runs after a stop gets the stop again,
  // and if it keeps ignoring it, the link is dropped so that its own link-loss rule stops it.
  // A board check's outputs are its own: the check stops and re-stops them itself.
  if (d.state.boardCheck) return;
  if (!anyOutputOn(report)) {
    d.state.stopRetries = 0;
    return;
  }
  if (d.state.lastStopSentAt !== null && at - d.state.lastStopSentAt < STOP_RESEND_MS) return;
  d.state.stopRetries += 1;
  d.send(vetStop());
  d.notice({ kind: 'stop-not-taken', retries: d.state.stopRetries });
  if (d.state.stopRetries > STOP_RESENDS_BEFORE_DROP) d.effects.push({ kind: 'drop-link' });
}

/**
 * Levels go out without response, so a lowered level is confirmed only by the device's report.
 * A report still above what was sent, once the grace for a lagging notification has passed, gets
 * the levels sent again; a device that keeps running higher than asked ends the session.
 */
function reconcileLevels(d: Draft, at: number, report: DeviceReport): void {
  const s = d.session;
  if (!s) return;
  const sent = s.sent;
  const above = (kind: OutputKind) => report[kind] > sent[kind];
  if (!OUTPUT_KINDS.some(above)) {
    s.levelResends = 0;
    return;
  }
  if (at - s.sentAt < LEVEL_CONFIRM_MS) return;
  if (s.levelResends >= LEVEL_RESENDS_BEFORE_FAULT) {
    endSession(d, at, 'fault', 'The massager kept running stronger than asked, so the session was stopped.');
    return;
  }
  s.levelResends += 1;
  const context = { caps: s.caps, active: true, heatTimeLeftMs: heatTimeLeft(s, at) };
  for (const request of requestsFor(sent, above)) {
    const verdict = vet(request, context);
    if (verdict.ok) d.send(verdict.command);
  }
}

function deviceStopped(d: Draft, at: number, cause: DeviceStopCause): void {
  const s = d.session;
  if (!s || !isActive(s)) return;
  if (cause === 'deadline' && sessionTimeLeft(s, at) <= DEADLINE_SLACK_MS) return endSession(d, at, 'completed');
  // The massager's own STOP button: the person's stop, journaled as such, not a device fault.
  if (cause === 'button') return endSession(d, at, 'device-button');
  // A device that started again (its watchdog, a brown-out) has lost the session it was holding.
  if (cause === 'reset')
    return endSession(d, at, 'device-stopped', 'The massager restarted, so the session was stopped. Start again when you are ready.');
  const fault = cause === 'over-temperature' || cause === 'sensor-fault' || cause === 'low-battery';
  endSession(d, at, fault ? 'fault' : 'device-stopped', `The massager stopped by itself (${cause.replace(/-/g, ' ')}).`);
}

function set(d: Draft, at: number, request: OutputRequest): void {
  const s = d.session;
  const paused = s?.status === 'paused';
  const verdict = vet(request, {
    caps: s?.caps ?? null,
    active: s !== null && (isActive(s) || paused),
    heatTimeLeftMs: s ? heatTimeLeft(s, at) : 0,
  });
  if (!verdict.ok) {
    d.notice({ kind: 'refused', reason: verdict.reason, message: verdict.message });
    return;
  }
  if (verdict.clamped) d.notice({ kind: 'clamped', message: verdict.clamped.message });
  const command = verdict.command;
  if (!s || !isOpen(s)) {
    // Turning something off outside a session is harmless and may stop a confused device.
    d.send(command);
    return;
  }
  advance(d, at);
  if (!isOpen(s)) return;
  if (isLevelCommand(command)) s.requested = applyLevel(s.requested, command);
  applyOutputs(d, at);
}

export function step(state: MachineState, event: SessionEvent): Step {
  const d = new Draft(state, event.at);
  const at = d.state.now;
  const s = d.session;
  switch (event.type) {
    case 'tick':
      onTick(d, at);
      break;
    case 'screening':
      d.state.screening = event.screening;
      // The caps of a running session came from the old answers: a new answer (numb skin, say)
      // may forbid what is on. Stop, and let a new start take the new limits.
      if (s && isOpen(s)) {
        d.stopFirst(at, () => {
          if (isOpen(s)) endSession(d, at, 'user', 'Your safety answers changed. Start again to use the new limits.');
        });
      }
      break;
    case 'connected':
      d.state.device = event.device;
      // After any (re)connect the device gets a stop and waits for a new, deliberate start. A
      // session still open here (the drop was never reported) ends: left open, the next tick
      // would send its levels again.
      d.stopFirst(at, () => {
        if (s && isOpen(s)) endSession(d, at, 'disconnected', 'The massager reconnected.');
      });
      break;
    case 'disconnected':
      d.state.device = null;
      // The stop cannot reach a device that is gone; it is sent again after any reconnect.
      d.stopFirst(at, () => {
        if (s && isOpen(s)) endSession(d, at, 'disconnected', 'The Bluetooth link was lost.');
      });
      break;
    case 'select-preset':
      if (isOpen(s)) d.notice({ kind: 'refused', reason: 'already-running', message: 'Stop this session to change preset.' });
      else d.state.presetId = event.presetId;
      break;
    case 'start':
      start(d, event);
      break;
    case 'set':
      set(d, at, event.request);
      break;
    case 'pause':
      d.stopFirst(at, () => {
        if (!s || !isActive(s)) return;
        s.status = 'paused';
        s.pausedAt = at;
        s.pauseCause = 'person';
        d.notice({ kind: 'paused' });
      });
      break;
    case 'resume':
      if (!s || s.status !== 'paused') {
        d.notice({ kind: 'refused', reason: 'not-paused', message: 'There is no paused session to resume.' });
      } else if (!d.state.device) {
        d.notice({ kind: 'refused', reason: 'no-device', message: 'Reconnect the massager first.' });
      } else {
        s.status = 'ramping';
        s.pausedAt = null;
        s.pauseCause = null;
        // Resuming is a deliberate action, but it is not an answer: a check-in still open asks again
        // and gets its full time to be answered.
        if (s.checkinOpen) s.checkinOpenedAt = at;
        s.accountedTo = at;
        s.rampFrom = at;
        sendLimits(d, at);
        d.notice({ kind: 'resumed' });
        applyOutputs(d, at);
      }
      break;
    case 'stop':
      d.stopFirst(at, () => {
        if (s && isOpen(s)) endSession(d, at, event.source ?? 'user');
      });
      break;
    case 'symptom':
      symptomStop(d, at, event.kind);
      break;
    case 'checkin':
      if (event.answer === 'same' || event.answer === 'better') {
        if (s) {
          s.checkinOpen = false;
          s.checkinOpenedAt = null;
          s.checkins = [...s.checkins, { at, answer: event.answer }];
        }
      } else {
        if (s) s.checkins = [...s.checkins, { at, answer: event.answer }];
        symptomStop(d, at, event.answer);
      }
      break;
    case 'triage': {
      const advice = triage(event.answers);
      d.state.triagePending = false;
      if (advice.care === 'emergency' || advice.care === 'urgent') {
        const lockMs = advice.care === 'emergency' ? GLOBAL_CAPS.emergencyLockMs.value : GLOBAL_CAPS.urgentLockMs.value;
        d.state.lockedUntil = Math.max(d.state.lockedUntil ?? 0, at + lockMs);
        d.state.lockReason = advice.care;
      }
      if (s) s.care = advice;
      // A stop that left the session open would be undone by the next tick's soft-start step.
      d.stopFirst(at, () => {
        if (s && isOpen(s)) endSession(d, at, 'symptom');
      });
      d.notice({ kind: 'care', advice });
      break;
    }
    case 'report':
      onReport(d, at, event.report);
      break;
    case 'temperature':
      if (event.celsius !== null && s && isOpen(s)) {
        advance(d, at);
        if (isActive(s)) s.stats = { ...s.stats, maxHeaterC: Math.max(s.stats.maxHeaterC ?? -Infinity, event.celsius) };
        if (isOpen(s) && event.celsius >= GLOBAL_CAPS.heatHardCutC.value) {
          endSession(d, at, 'fault', `The heater thermometer read ${event.celsius} °C. Everything was switched off.`);
        }
      }
      break;
    case 'device-stopped':
      if (s && isActive(s)) {
        // A device that holds the session's limits answers the stop sent ahead of them, and on a
        // slow serial link that answer can land after the limits' write was acknowledged. Until
        // the device reports this session armed, a stop-command stop is that echo of our own.
        const echoOfStartStop = event.cause === 'stop-command' && d.state.device?.limitsEnforcedByDevice === true && !s.deviceArmed;
        if (echoOfStartStop) break;
        advance(d, at);
        deviceStopped(d, at, event.cause);
      }
      break;
    case 'device-rejected':
      if (s && isActive(s)) {
        d.stopFirst(at, () => {
          if (isActive(s)) endSession(d, at, 'fault', `The massager refused a command (${event.rejection.replace(/-/g, ' ')}).`);
        });
      }
      break;
    case 'link-failure':
      d.stopFirst(at, () => {
        if (s && isOpen(s)) endSession(d, at, 'write-failed', event.message);
      });
      break;
    case 'limits-acknowledged':
      if (s && isActive(s) && s.id === event.sessionId) s.limitsAcknowledged = true;
      break;
    case 'pain-after':
      if (s) s.painAfter = event.score;
      break;
    case 'board-check':
      // Only with no session open: a check never takes a device a session is using.
      if (!event.running || !isOpen(s)) d.state.boardCheck = event.running;
      break;
    case 'history':
      d.state.recent = event.recent;
      d.state.lockedUntil = event.lockedUntil;
      d.state.lockReason = event.lockReason;
      d.state.triagePending = event.triagePending;
      // A symptom or a lock recorded elsewhere (another tab) forbids what runs here: it ends now.
      if (s && isOpen(s) && (event.triagePending || (event.lockedUntil !== null && at < event.lockedUntil))) {
        d.stopFirst(at, () => {
          if (isOpen(s)) endSession(d, at, 'symptom', 'A symptom was recorded in another Easeback window.');
        });
      }
      break;
  }
  return d.done();
}

/** For the UI: whether the outputs may be on at all right now. */
export function outputsAllowed(state: MachineState): boolean {
  return isActive(state.session);
}

export { anyOutputOn };
