import { describe, expect, it } from 'vitest';
import { actionOf, guidanceFor, type Guidance, type UserAction } from '../../../../src/core/guidance/guidance.js';
import { builtInProfile } from '../../../../src/core/profile/builtin.js';
import { initialState, step } from '../../../../src/core/session/machine.js';
import type { MachineState, SessionEvent } from '../../../../src/core/session/types.js';
import { SCREENING_QUESTIONS, type ScreeningAnswers } from '../../../../src/core/safety/screening.js';

type Input = SessionEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

const NO_TO_ALL: ScreeningAnswers = {
  answers: Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q.id, false])) as ScreeningAnswers['answers'],
  clotClearedByClinician: false,
  answeredAt: 0,
};

/**
 * Drives the real session engine the way the app does, keeping the latest user action beside it
 * (as src/app/guidance-feed.ts does), and says which guidance shows after each step.
 */
class Walk {
  state: MachineState = initialState('gentle', 0);
  action: UserAction | null = null;
  now = 1_000;

  constructor() {
    const profile = builtInProfile('open-massager');
    if (!profile) throw new Error('the built-in profile is missing');
    this.do({ type: 'screening', screening: NO_TO_ALL });
    this.do({ type: 'connected', device: { capabilities: profile.capabilities, limitsEnforcedByDevice: true } });
  }

  do(input: Input, afterMs = 1_000): Guidance {
    this.now += afterMs;
    const event = { ...input, at: this.now } as SessionEvent;
    this.action = actionOf(event, this.state) ?? this.action;
    this.state = step(this.state, event).state;
    return this.guidance;
  }

  get guidance(): Guidance {
    return guidanceFor({ state: this.state, action: this.action });
  }
}

describe('guidance follows the session and the person', () => {
  it('before anything happens, explains what a massager can do and where it goes', () => {
    expect(new Walk().guidance).toEqual({ context: 'idle', also: [] });
  });

  it('choosing a preset brings up help with choosing', () => {
    const walk = new Walk();
    expect(walk.do({ type: 'select-preset', presetId: 'everyday' }).context).toBe('choosing-preset');
  });

  it('a running session starts with placement, and says heat and kneading are on when the preset starts them', () => {
    const walk = new Walk();
    expect(walk.do({ type: 'start', sessionId: 's1' })).toEqual({ context: 'session-running', also: ['heat-on', 'kneading-on'] });
  });

  it('turning heat up brings careful heat to the front, and it stays on the list while heat is on', () => {
    const walk = new Walk();
    walk.do({ type: 'select-preset', presetId: 'everyday' });
    walk.do({ type: 'start', sessionId: 's1' });
    walk.do({ type: 'set', request: { kind: 'kneading', speed: 0, direction: 'clockwise' } });
    walk.do({ type: 'set', request: { kind: 'heat', level: 0 } });
    expect(walk.guidance).toEqual({ context: 'session-running', also: [] });
    expect(walk.do({ type: 'set', request: { kind: 'heat', level: 2 } })).toEqual({ context: 'heat-on', also: [] });
    expect(walk.do({ type: 'set', request: { kind: 'vibration', level: 4 } })).toEqual({ context: 'raising-intensity', also: ['heat-on'] });
  });

  it('asking for more than the preset allows still counts as raising intensity', () => {
    const walk = new Walk();
    walk.do({ type: 'start', sessionId: 's1' });
    const capped = walk.state.session?.caps.maxVibration ?? 0;
    walk.do({ type: 'set', request: { kind: 'vibration', level: capped } });
    walk.do({ type: 'set', request: { kind: 'vibration', level: 1 } });
    expect(walk.guidance.context).toBe('session-running');
    expect(walk.do({ type: 'set', request: { kind: 'vibration', level: 99 } }).context).toBe('raising-intensity');
  });

  it('turning kneading on brings up kneading guidance; turning something down does not nag', () => {
    const walk = new Walk();
    walk.do({ type: 'select-preset', presetId: 'everyday' });
    walk.do({ type: 'start', sessionId: 's1' });
    walk.do({ type: 'set', request: { kind: 'kneading', speed: 0, direction: 'clockwise' } });
    expect(walk.do({ type: 'set', request: { kind: 'kneading', speed: 2, direction: 'clockwise' } }).context).toBe('kneading-on');
    expect(walk.do({ type: 'set', request: { kind: 'heat', level: 1 } }).context).toBe('session-running');
    // Changing only the direction is no new action: the guidance stays where it was.
    expect(walk.do({ type: 'set', request: { kind: 'kneading', speed: 2, direction: 'counterclockwise' } }).context).toBe(
      'session-running',
    );
  });

  it('in the last minute, guidance turns to winding down, whatever was done before', () => {
    const walk = new Walk();
    walk.do({ type: 'start', sessionId: 's1' });
    walk.do({ type: 'set', request: { kind: 'vibration', level: 3 } });
    const sessionMs = walk.state.session?.caps.sessionMs ?? 0;
    expect(walk.do({ type: 'tick' }, sessionMs - 60_000).context).toBe('last-minute');
  });

  it('after the session ends, guidance turns to stretching and care', () => {
    const walk = new Walk();
    walk.do({ type: 'start', sessionId: 's1' });
    expect(walk.do({ type: 'stop' })).toEqual({ context: 'after-session', also: [] });
    expect(walk.do({ type: 'select-preset', presetId: 'warmth' }).context).toBe('choosing-preset');
  });

  it('a symptom stop shows what to watch for and when to get help, until the questions are answered', () => {
    const walk = new Walk();
    walk.do({ type: 'start', sessionId: 's1' });
    walk.do({ type: 'set', request: { kind: 'heat', level: 2 } });
    expect(walk.do({ type: 'symptom', kind: 'button' })).toEqual({ context: 'symptom-stop', also: [] });
    // Choosing a preset does not hide it while the red-flag questions are open.
    expect(walk.do({ type: 'select-preset', presetId: 'flare' }).context).toBe('symptom-stop');
    expect(walk.do({ type: 'triage', answers: { 'both-legs': true } }).context).toBe('care-advice');
  });

  it('a worse answer at a check-in is a symptom stop too', () => {
    const walk = new Walk();
    walk.do({ type: 'start', sessionId: 's1' });
    expect(walk.do({ type: 'checkin', answer: 'numbness' }).context).toBe('symptom-stop');
  });
});
