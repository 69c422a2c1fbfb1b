import type { Care } from './triage.js';

/**
 * What keeps Easeback from starting after a symptom, kept across reloads and shared by every open
 * tab: a lock after a red flag, and an unanswered set of red-flag questions.
 */
export interface SafetyHold {
  readonly lockedUntil: number | null;
  readonly lockReason: Care | null;
  /** A symptom stop whose red-flag questions are not answered yet: survives a reload. */
  readonly triagePending: boolean;
}

export const NO_HOLD: SafetyHold = { lockedUntil: null, lockReason: null, triagePending: false };

/**
 * A hold that could not be read (damaged, or from a version that wrote something else): it is
 * not "no lock". The red-flag questions are asked again, and their answers set any lock afresh.
 */
export const UNREADABLE_HOLD: SafetyHold = { lockedUntil: null, lockReason: null, triagePending: true };

/**
 * What one tab's change to its hold does to the hold stored now, which another tab may have
 * changed since this tab last read it. The change is applied, not the tab's whole copy, so a tab
 * that never saw another's lock cannot write "no lock" over it:
 * - a lock only ever lasts longer: the later end wins, with its reason;
 * - the red-flag questions' state changes only where this tab changed it (a symptom raised them,
 *   an answer settled them), and otherwise stays as stored;
 * - a stored lock that has run out by `now` is taken as expireLock leaves it (without this, two
 *   tabs would hand an ended lock back and forth, each expiring it and each storing it again).
 */
export function applyHoldChange(current: SafetyHold, before: SafetyHold, after: SafetyHold, now: number): SafetyHold {
  // A stored lock that has run out is read as it would be at a load: it asks its questions again.
  const stored = expireLock(current, now);
  const storedUntil = stored.lockedUntil ?? -Infinity;
  const mineUntil = after.lockedUntil ?? -Infinity;
  const mineLater = mineUntil > storedUntil;
  return {
    lockedUntil: mineLater ? after.lockedUntil : stored.lockedUntil,
    lockReason: mineLater ? after.lockReason : stored.lockReason,
    triagePending: before.triagePending !== after.triagePending ? after.triagePending : stored.triagePending,
  };
}

export function sameHold(a: SafetyHold, b: SafetyHold): boolean {
  return a.lockedUntil === b.lockedUntil && a.lockReason === b.lockReason && a.triagePending === b.triagePending;
}

/**
 * A lock that has run out by the clock asks the red-flag questions again before the next start.
 * A clock set ahead (while the app is closed, or at any time) can then only bring the questions
 * forward, never skip them: someone who still has the red flag says so and is locked again.
 */
export function expireLock(hold: SafetyHold, now: number): SafetyHold {
  if (hold.lockedUntil === null || now < hold.lockedUntil) return hold;
  if (hold.lockReason !== 'emergency' && hold.lockReason !== 'urgent') return { ...hold, lockedUntil: null, lockReason: null };
  return { lockedUntil: null, lockReason: null, triagePending: true };
}
