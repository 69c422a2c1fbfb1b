import type { ConnectionState } from './device-connection.js';
import { OUTPUT_KINDS, type Outputs } from '../core/commands.js';
import { OUTPUTS } from '../core/outputs.js';
import type { EndReason, Notice } from '../core/session/types.js';

export const END_REASON_TEXT: Readonly<Record<EndReason, string>> = {
  completed: 'Session complete.',
  user: 'Stopped.',
  symptom: 'Stopped because of symptoms.',
  disconnected: 'Stopped: the massager disconnected.',
  'device-stopped': 'The massager stopped by itself.',
  fault: 'Stopped by a safety fault.',
  'write-failed': 'Stopped: a command did not reach the massager.',
  'paused-too-long': 'Ended: paused for too long.',
  'checkin-unanswered': 'Ended: the check-in was not answered.',
  interrupted: 'Interrupted: the page closed during the session.',
  sound: 'Stopped: a loud sound was heard.',
  tap: 'Stopped: the screen was tapped.',
  'device-button': 'Stopped with the button on the massager.',
};

export interface Announcement {
  readonly text: string;
  /** Assertive interrupts the screen reader: kept for stops and anything that needs action now. */
  readonly urgent: boolean;
}

/** What a screen reader should hear for a session notice (null: nothing worth saying). */
export function announceNotice(notice: Notice): Announcement | null {
  switch (notice.kind) {
    case 'started':
      return { text: 'Session started. Soft start: building up gently.', urgent: false };
    case 'ramped':
      return { text: 'Reached the chosen level.', urgent: false };
    case 'paused':
      return { text: 'Paused. Everything is off.', urgent: true };
    case 'resumed':
      return { text: 'Resumed with a soft start.', urgent: false };
    case 'last-minute':
      return { text: 'One minute left.', urgent: false };
    case 'heat-limit':
      return { text: 'Heat switched off: it has reached its time limit.', urgent: false };
    case 'checkin-due':
      // Said at once: an unanswered check-in soon turns the heat off and pauses the session.
      return { text: 'Check-in: how do you feel now?', urgent: true };
    case 'checkin-missed':
      return { text: 'No answer to the check-in, so the heat is off and the session is paused.', urgent: true };
    case 'ended':
      return {
        text: `${END_REASON_TEXT[notice.reason]} Everything is off.${notice.detail && notice.reason !== 'symptom' ? ` ${notice.detail}` : ''}`,
        urgent: true,
      };
    case 'triage-needed':
      return { text: 'Everything is off. Please answer the symptom questions.', urgent: true };
    case 'care':
      return { text: notice.advice.heading, urgent: notice.advice.care === 'emergency' };
    case 'refused':
      return { text: notice.message, urgent: false };
    case 'clamped':
      return { text: notice.message, urgent: false };
    case 'stop-not-taken':
      return { text: 'The massager did not confirm the stop. Sending it again.', urgent: true };
  }
}

export function announceConnection(state: ConnectionState): Announcement | null {
  switch (state.phase) {
    case 'connected':
      return { text: `${state.name} connected.`, urgent: false };
    case 'reconnecting':
      return state.attempt === 1 ? { text: `Link to ${state.name} lost. Everything stopped. Reconnecting.`, urgent: true } : null;
    case 'lost':
      return { text: `${state.name} could not be reached.`, urgent: true };
    case 'disconnected':
      return { text: 'Disconnected.', urgent: false };
    case 'connecting':
      return null;
  }
}

/** Minutes left at which the time is spoken (the last minute has its own notice). */
export const TIME_LEFT_MARKS_MIN: readonly number[] = [15, 10, 5, 2];

/**
 * The time left, spoken when it crosses one of the marks: often enough to know where the session
 * is without looking, rarely enough not to talk over everything else.
 */
export function announceTimeLeft(beforeMs: number, nowMs: number): Announcement | null {
  const crossed = TIME_LEFT_MARKS_MIN.some((minutes) => beforeMs > minutes * 60_000 && nowMs <= minutes * 60_000);
  if (!crossed || nowMs <= 0) return null;
  // The whole minutes left now: the mark itself, or less if the page slept past several marks.
  const minutes = Math.ceil(nowMs / 60_000);
  return { text: minutes === 1 ? '1 minute left.' : `${minutes} minutes left.`, urgent: false };
}

/** The levels the person chose, once they settle: what changed since the last one spoken. */
export function announceLevels(before: Outputs, now: Outputs): Announcement | null {
  const changed = OUTPUT_KINDS.filter((kind) => before[kind] !== now[kind]);
  if (changed.length === 0) return null;
  const parts = changed.map((kind) => (now[kind] === 0 ? `${OUTPUTS[kind].label} off` : `${OUTPUTS[kind].label} at ${now[kind]}`));
  return { text: `${parts.join(', ')}.`, urgent: false };
}
