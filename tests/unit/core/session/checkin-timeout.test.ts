import { describe, expect, it } from 'vitest';
import { GLOBAL_CAPS } from '../../../../src/core/safety/caps.js';
import { Engine, MINUTE, noticeKinds, SECOND, sendsOf } from '../../support/session.js';

const ANSWER_MS = GLOBAL_CAPS.checkinAnswerMs.value;
const END_MS = GLOBAL_CAPS.checkinUnansweredEndMs.value;

/** Everyday relief past its soft start, heat on, with its first check-in (at 5 minutes) just asked. */
function checkinAsked(): Engine {
  const engine = new Engine().ready('everyday');
  engine.answersCheckins = false;
  engine.start();
  engine.tickUntil(5 * MINUTE);
  expect(engine.session.checkinOpen).toBe(true);
  expect(engine.session.sent.heat).toBeGreaterThan(0);
  return engine;
}

describe('a check-in nobody answers (the person may have dozed off under heat)', () => {
  it('the answer time and the further wait are judgments, stated with their reasons', () => {
    expect('judgment' in GLOBAL_CAPS.checkinAnswerMs).toBe(true);
    expect('judgment' in GLOBAL_CAPS.checkinUnansweredEndMs).toBe(true);
    expect(ANSWER_MS).toBeLessThanOrEqual(2 * MINUTE);
  });

  it('runs on while it waits for an answer, within the answer time', () => {
    const engine = checkinAsked();
    const effects = engine.tickUntil(5 * MINUTE + ANSWER_MS - SECOND);
    expect(sendsOf(effects)).not.toContain('stop');
    expect(engine.session.status).toBe('running');
  });

  it('unanswered for the answer time: heat off first, then everything stops and the session pauses', () => {
    const engine = checkinAsked();
    const effects = engine.tickUntil(5 * MINUTE + ANSWER_MS);
    expect(sendsOf(effects)).toEqual(['heat 0', 'stop']);
    expect(noticeKinds(effects)).toEqual(['checkin-missed']);
    expect(engine.session).toMatchObject({ status: 'paused', pauseCause: 'checkin-unanswered', checkinOpen: true });
    expect(engine.session.sent).toMatchObject({ vibration: 0, kneading: 0, heat: 0 });
  });

  it('still unanswered after the further wait: the session ends as "checkin-unanswered", and nothing was sent back on', () => {
    const engine = checkinAsked();
    engine.tickUntil(5 * MINUTE + ANSWER_MS);
    const effects = engine.tickUntil(5 * MINUTE + ANSWER_MS + END_MS);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end).toMatchObject({ reason: 'checkin-unanswered', at: 5 * MINUTE + ANSWER_MS + END_MS });
    expect(sendsOf(engine.tickUntil(30 * MINUTE, 10 * SECOND))).toEqual([]);
  });

  it('an answer during the pause leaves it paused: only Resume turns anything back on', () => {
    const engine = checkinAsked();
    engine.tickUntil(5 * MINUTE + ANSWER_MS);
    expect(sendsOf(engine.on({ type: 'checkin', answer: 'same' }))).toEqual([]);
    expect(sendsOf(engine.tickUntil(5 * MINUTE + ANSWER_MS + END_MS + MINUTE))).toEqual([]);
    expect(engine.session.status).toBe('paused');
    const resumed = engine.on({ type: 'resume' });
    expect(sendsOf(resumed)[0]).toMatch(/^limits/);
    expect(engine.session.status).toBe('ramping');
  });

  it('a worse answer during the pause is a symptom stop, as at any other time', () => {
    const engine = checkinAsked();
    engine.tickUntil(5 * MINUTE + ANSWER_MS);
    engine.on({ type: 'checkin', answer: 'numbness' });
    expect(engine.session.end).toMatchObject({ reason: 'symptom' });
    expect(engine.state.triagePending).toBe(true);
  });

  it('Resume without an answer asks again, with the full answer time', () => {
    const engine = checkinAsked();
    engine.tickUntil(5 * MINUTE + ANSWER_MS);
    const resumedAt = engine.now + 10 * SECOND;
    engine.on({ type: 'resume' }, resumedAt);
    expect(engine.session.checkinOpen).toBe(true);
    expect(sendsOf(engine.tickUntil(resumedAt + ANSWER_MS - SECOND))).not.toContain('stop');
    expect(sendsOf(engine.tickUntil(resumedAt + ANSWER_MS))).toEqual(['heat 0', 'stop']);
  });

  it('a session the person paused by hand is not ended early by the check-in rule', () => {
    const engine = checkinAsked();
    engine.on({ type: 'pause' }, engine.now + SECOND);
    engine.tickUntil(engine.now + ANSWER_MS + END_MS + SECOND);
    expect(engine.session.status).toBe('paused');
  });

  it('an answered check-in never pauses the session', () => {
    const engine = checkinAsked();
    engine.on({ type: 'checkin', answer: 'better' });
    const effects = engine.tickUntil(5 * MINUTE + ANSWER_MS + END_MS);
    expect(sendsOf(effects)).not.toContain('stop');
    expect(engine.session.status).toBe('running');
  });
});
