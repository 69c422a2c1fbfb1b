import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { startRefusal } from '../../../../src/core/session/machine.js';
import {
  closeAsInterrupted,
  PROGRESS_WRITE_MS,
  recentFromRecords,
  recordFromSession,
  shouldWrite,
} from '../../../../src/core/journal/record.js';
import { journalRecordSchema } from '../../../../src/core/journal/schema.js';
import { Engine, MINUTE, record, T0 } from './fixtures.js';

describe('the record built from a session', () => {
  it('keeps preset, times, levels, pain, check-ins, symptoms, triage outcome and why it ended', () => {
    const engine = new Engine()
      .apply({ type: 'start', sessionId: 'one', painBefore: 6 }, T0)
      .apply({ type: 'set', request: { kind: 'vibration', level: 4 } }, T0 + 1000);
    engine.tickTo(T0 + 5 * MINUTE + 1000);
    engine
      .apply({ type: 'checkin', answer: 'same' }, T0 + 5 * MINUTE + 2000)
      .apply({ type: 'symptom', kind: 'numbness' }, T0 + 6 * MINUTE)
      .apply({ type: 'triage', answers: { 'weeks-no-better': true } }, T0 + 7 * MINUTE)
      .apply({ type: 'pain-after', score: 7 }, T0 + 8 * MINUTE);

    const r = recordFromSession(engine.session, engine.state.now);

    expect(r).toMatchObject({
      id: 'one',
      presetId: 'everyday',
      startedAt: T0,
      endedAt: T0 + 6 * MINUTE,
      endReason: 'symptom',
      painBefore: 6,
      painAfter: 7,
      maxVibration: 4,
      symptoms: [{ at: T0 + 6 * MINUTE, kind: 'numbness' }],
      checkins: [{ at: T0 + 5 * MINUTE + 2000, answer: 'same' }],
      care: 'routine',
      redFlags: ['weeks-no-better'],
      limits: { maxVibration: 5, maxHeatC: 40, cooldownMs: 120 * MINUTE },
    });
    expect(r.activeMs).toBe(6 * MINUTE);
    // The journal's time at each level is the engine's, and adds up to the active time.
    expect(r.msAtVibration).toEqual(engine.session.stats.msAtVibration);
    expect(r.msAtVibration.reduce((a, b) => a + b, 0)).toBe(r.activeMs);
    expect(r.msAtVibration[4]).toBeGreaterThan(4 * MINUTE);
    expect(v.safeParse(journalRecordSchema, r).success).toBe(true);
  });

  it('has no end while the session runs, so a tab that dies leaves it open', () => {
    const engine = new Engine().apply({ type: 'start', sessionId: 'open', painBefore: null }, T0);
    engine.tickTo(T0 + 2 * MINUTE);
    const r = recordFromSession(engine.session, engine.state.now);
    expect(r.endedAt).toBeNull();
    expect(r.endReason).toBeNull();
    expect(r.updatedAt).toBe(T0 + 2 * MINUTE);
  });
});

describe('a record left open by a closed or crashed tab', () => {
  it('is closed as interrupted at the time it was last written, keeping what happened', () => {
    const open = record({ endedAt: null, endReason: null, updatedAt: T0 + 4 * MINUTE, activeMs: 4 * MINUTE, heatMs: 4 * MINUTE });
    const closed = closeAsInterrupted(open);
    expect(closed).toMatchObject({ endedAt: T0 + 4 * MINUTE, endReason: 'interrupted', activeMs: 4 * MINUTE, painBefore: 6 });
  });

  it('a session that ended is never relabelled as interrupted', () => {
    const done = record({ endReason: 'user' });
    expect(closeAsInterrupted(done)).toBe(done);
  });
});

describe('the cool-down and the daily cap, fed from the journal after a reload', () => {
  it('a session stopped an hour ago still blocks a new start for the rest of its cool-down', () => {
    const first = new Engine().apply({ type: 'start', sessionId: 'a', painBefore: null }, T0);
    first.tickTo(T0 + 3 * MINUTE).apply({ type: 'stop' }, T0 + 3 * MINUTE);
    const journal = [recordFromSession(first.session, first.state.now)];

    // A fresh page: the engine knows nothing until the journal is read.
    const reloaded = new Engine(T0 + 60 * MINUTE);
    expect(startRefusal(reloaded.state, T0 + 60 * MINUTE)).toBeNull();
    reloaded.apply(
      { type: 'history', recent: recentFromRecords(journal), lockedUntil: null, lockReason: null, triagePending: false },
      T0 + 60 * MINUTE,
    );
    expect(startRefusal(reloaded.state, T0 + 60 * MINUTE)).toMatchObject({ reason: 'cooldown', until: T0 + 123 * MINUTE });
  });

  it('an interrupted session counts toward the cool-down like any other', () => {
    const interrupted = closeAsInterrupted(record({ endedAt: null, endReason: null, updatedAt: T0 + 10 * MINUTE, activeMs: 10 * MINUTE }));
    const engine = new Engine(T0 + 30 * MINUTE).apply(
      { type: 'history', recent: recentFromRecords([interrupted]), lockedUntil: null, lockReason: null, triagePending: false },
      T0 + 30 * MINUTE,
    );
    expect(startRefusal(engine.state, T0 + 30 * MINUTE)?.reason).toBe('cooldown');
  });

  it('three sessions in the journal within a day refuse a fourth', () => {
    const day = [0, 3, 6].map((h) => record({ id: `d${h}`, startedAt: T0 + h * 60 * MINUTE }));
    const at = T0 + 10 * 60 * MINUTE;
    const engine = new Engine(at).apply(
      { type: 'history', recent: recentFromRecords(day), lockedUntil: null, lockReason: null, triagePending: false },
      at,
    );
    expect(startRefusal(engine.state, at)?.reason).toBe('daily-cap');
  });

  it('open records are left out: the page that owns them may still be running them', () => {
    expect(recentFromRecords([record({ endedAt: null, endReason: null })])).toEqual([]);
  });
});

describe('when a changed record is written', () => {
  const running = record({ endedAt: null, endReason: null, updatedAt: T0 + MINUTE });

  it('a new session is written at once', () => {
    expect(shouldWrite(null, running)).toBe(true);
    expect(shouldWrite(record({ id: 'older' }), running)).toBe(true);
  });

  it('a stop is written at once, not at the next progress write', () => {
    const stopped = { ...running, updatedAt: T0 + MINUTE + 100, endedAt: T0 + MINUTE + 100, endReason: 'user' as const };
    expect(shouldWrite(running, stopped)).toBe(true);
  });

  it('a symptom, a check-in or a pain score is written at once', () => {
    const later = { ...running, updatedAt: running.updatedAt + 100 };
    expect(shouldWrite(running, { ...later, symptoms: [{ at: later.updatedAt, kind: 'more-pain' }] })).toBe(true);
    expect(shouldWrite(running, { ...later, checkins: [...later.checkins, { at: later.updatedAt, answer: 'better' }] })).toBe(true);
    expect(shouldWrite(record(), { ...record(), painAfter: 2 })).toBe(true);
  });

  it('time creeping on is written at most every few seconds', () => {
    expect(shouldWrite(running, { ...running, updatedAt: running.updatedAt + 250, activeMs: running.activeMs + 250 })).toBe(false);
    expect(shouldWrite(running, { ...running, updatedAt: running.updatedAt + PROGRESS_WRITE_MS })).toBe(true);
  });

  it('an ended session that did not change is not rewritten as the clock moves on', () => {
    expect(shouldWrite(record(), { ...record(), updatedAt: T0 + 90 * MINUTE })).toBe(false);
  });
});
