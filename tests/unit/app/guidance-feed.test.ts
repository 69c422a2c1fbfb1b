import { describe, expect, it } from 'vitest';
import { DeviceConnection } from '../../../src/app/device-connection.js';
import { GuidanceFeed } from '../../../src/app/guidance-feed.js';
import { SessionService } from '../../../src/app/session-service.js';
import { BUILT_IN_PROFILES, builtInProfile } from '../../../src/core/profile/builtin.js';
import type { GuidanceContext } from '../../../src/core/guidance/contexts.js';
import { SCREENING_QUESTIONS, type ScreeningAnswers } from '../../../src/core/safety/screening.js';

const NO_TO_ALL: ScreeningAnswers = {
  answers: Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.id, false])) as ScreeningAnswers['answers'],
  clotClearedByClinician: false,
  answeredAt: 0,
};

function setUp() {
  let now = 1_000;
  const session = new SessionService(new DeviceConnection(() => BUILT_IN_PROFILES), () => (now += 500));
  const feed = new GuidanceFeed(session);
  const profile = builtInProfile('open-massager');
  if (!profile) throw new Error('the built-in profile is missing');
  session.dispatch({ type: 'screening', screening: NO_TO_ALL });
  session.dispatch({ type: 'connected', device: { capabilities: profile.capabilities, limitsEnforcedByDevice: true } });
  return { session, feed };
}

describe('the guidance feed', () => {
  it('counts an action taken before the panel subscribed (a phone with guidance folded away)', () => {
    const { session, feed } = setUp();
    session.dispatch({ type: 'start', sessionId: 's1' });
    session.dispatch({ type: 'set', request: { kind: 'heat', level: 0 } });
    session.dispatch({ type: 'set', request: { kind: 'heat', level: 2 } });
    const seen: GuidanceContext[] = [];
    feed.guidance$.subscribe((g) => seen.push(g.context));
    expect(seen).toEqual(['heat-on']);
  });

  it('tells the panel only when the guidance changes, not on every tick', () => {
    const { session, feed } = setUp();
    const seen: GuidanceContext[] = [];
    feed.guidance$.subscribe((g) => seen.push(g.context));
    session.dispatch({ type: 'start', sessionId: 's1' });
    for (let i = 0; i < 10; i++) session.dispatch({ type: 'tick' });
    session.dispatch({ type: 'set', request: { kind: 'vibration', level: 3 } });
    for (let i = 0; i < 10; i++) session.dispatch({ type: 'tick' });
    session.dispatch({ type: 'symptom', kind: 'button' });
    expect(seen).toEqual(['idle', 'session-running', 'raising-intensity', 'symptom-stop']);
    session.dispose();
  });
});
