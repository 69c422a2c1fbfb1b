import { describe, expect, it } from 'vitest';
import { applyHoldChange, expireLock, NO_HOLD } from '../../../../src/core/safety/hold.js';
import { emptyScreening } from '../../../../src/core/safety/screening.js';
import { checkHold, checkScreening, checkSessionRecord, checkTrace } from '../../../../src/core/storage/check.js';
import { record } from '../journal/fixtures.js';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const HOUR = 60 * 60_000;

describe('stored records are checked on every read, and damage fails closed', () => {
  it('a lock of NaN is damaged, not "no lock"', () => {
    expect(checkHold({ lockedUntil: Number.NaN, lockReason: 'emergency', triagePending: false }).ok).toBe(false);
    expect(checkHold({ lockedUntil: NOW + HOUR, lockReason: 'emergency', triagePending: false }).ok).toBe(true);
  });

  it('screening answers from before the numb-skin and fever questions are incomplete: asked again', () => {
    const older = structuredClone(emptyScreening(NOW)) as { answers: Record<string, boolean> };
    delete older.answers.fever;
    delete older.answers['reduced-sensation'];
    expect(checkScreening(older)).toEqual({ ok: 'incomplete', missing: ['fever', 'reduced-sensation'] });
    expect(checkScreening({}).ok).toBe(false);
    expect(checkScreening(emptyScreening(NOW)).ok).toBe(true);
  });

  it('a session record without limits is damaged', () => {
    const withoutLimits: Partial<ReturnType<typeof record>> = record();
    delete withoutLimits.limits;
    expect(checkSessionRecord(withoutLimits).ok).toBe(false);
    expect(checkSessionRecord(record()).ok).toBe(true);
  });

  it('damaged entries of the limits trace are told apart from good ones', () => {
    const good = { startedAt: NOW - HOUR, endedAt: NOW - HOUR / 2, activeMs: 600_000, cooldownMs: 2 * HOUR };
    expect(checkTrace([good, { startedAt: 'x' }])).toEqual({ kept: [good], damaged: [{ startedAt: 'x' }] });
  });
});

describe('a tab applies its change to the hold stored now, never its stale copy', () => {
  const locked = { lockedUntil: NOW + 24 * HOUR, lockReason: 'emergency' as const, triagePending: false };

  it('a tab that never saw the lock, answering its own symptom questions, keeps the stored lock', () => {
    const before = { ...NO_HOLD, triagePending: true };
    expect(applyHoldChange(locked, before, NO_HOLD, NOW)).toEqual(locked);
  });

  it('a later lock wins, and a symptom raised here is kept', () => {
    const mine = { lockedUntil: NOW + 30 * HOUR, lockReason: 'emergency' as const, triagePending: false };
    expect(applyHoldChange(locked, NO_HOLD, mine, NOW)).toEqual(mine);
    expect(applyHoldChange(locked, NO_HOLD, { ...NO_HOLD, triagePending: true }, NOW)).toEqual({ ...locked, triagePending: true });
  });

  it('a stored lock that has run out is not handed back: the change settles in one write', () => {
    // This tab expired the lock and raised the questions; the store still has the ended lock.
    const expired = { ...locked, lockedUntil: NOW - HOUR };
    const mine = { ...NO_HOLD, triagePending: true };
    expect(applyHoldChange(expired, expired, mine, NOW)).toEqual(mine);
  });

  it('a red-flag lock that runs out by the clock asks its questions again', () => {
    expect(expireLock(locked, NOW + 25 * HOUR)).toEqual({ lockedUntil: null, lockReason: null, triagePending: true });
    expect(expireLock(locked, NOW)).toBe(locked);
  });

  it('a lock recorded as starting in the future is still a lock', () => {
    // The clock set back after the lock: it ends later by the clock, never earlier.
    expect(expireLock(locked, NOW - 48 * HOUR)).toBe(locked);
  });
});
