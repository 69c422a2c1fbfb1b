import { builtInProfile } from '../../../../src/core/profile/builtin.js';
import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../../../src/core/device-report.js';
import { RED_FLAG_QUESTIONS, type RedFlagId } from '../../../../src/core/safety/triage.js';
import type { RefusalReason } from '../../../../src/core/safety/vet.js';
import type { StartRefusal } from '../../../../src/core/session/types.js';
import {
  Engine,
  expectStopFirst,
  HOUR,
  MINUTE,
  noticeKinds,
  noticesOf,
  OPEN_MASSAGER_DEVICE,
  report,
  screeningWith,
  SECOND,
  sendsOf,
} from '../../support/session.js';

/** An everyday-relief session started at t = 0: caps vibration 5, kneading 2, heat 3 (40 °C), 15 min. */
function everyday(): Engine {
  const engine = new Engine().ready('everyday');
  engine.start();
  return engine;
}

/** Past the soft start: vibration 3, kneading 1, heat 2 (the preset's starting levels). */
function everydayRunning(): Engine {
  const engine = everyday();
  engine.tickUntil(30 * SECOND);
  expect(engine.session.status).toBe('running');
  return engine;
}

describe('session start and soft start', () => {
  it('sends the limits and deadline to the device before any output', () => {
    const engine = new Engine().ready('everyday');
    const effects = engine.start();
    expect(sendsOf(effects)).toEqual(['limits 5/2/40 °C/900 s/900 s', 'vibration 1', 'kneading 1 clockwise', 'heat 2']);
    expect(noticeKinds(effects)).toContain('started');
    expect(engine.session.status).toBe('ramping');
  });

  it('a device that cannot hold limits is sent none: the engine keeps them, and nothing waits for an acknowledgement', () => {
    const uart = builtInProfile('uart-massager')!;
    const engine = new Engine();
    engine.on({ type: 'screening', screening: screeningWith([], 0) });
    engine.on({ type: 'connected', device: { capabilities: uart.capabilities, limitsEnforcedByDevice: false } });
    engine.on({ type: 'select-preset', presetId: 'everyday' });
    // Everyday relief on 5 steps and 34..40 °C: vibration at most 2, no kneading, heat up to 40 °C (step 7).
    expect(sendsOf(engine.start())).toEqual(['vibration 1', 'heat 5']); // heat step 5 is 38 °C
    expect(engine.session).toMatchObject({ limitsAcknowledged: true, caps: { maxVibration: 2, maxKneading: 0, maxHeat: 7 } });
    engine.on({ type: 'pause' }, 10 * SECOND);
    expect(sendsOf(engine.on({ type: 'resume' }, 20 * SECOND)).filter((s) => s.startsWith('limits'))).toEqual([]);
  });

  it('the soft start raises the motors one step at a time over 30 s, never straight to the level', () => {
    const engine = everyday();
    const sends = sendsOf(engine.tickUntil(40 * SECOND));
    expect(sends).toEqual(['vibration 2', 'vibration 3']);
    const vibrationSends = engine.log.flatMap(({ event, effects }) =>
      sendsOf(effects)
        .filter((s) => s.startsWith('vibration'))
        .map((s) => ({ at: event.at, level: Number(s.split(' ')[1]) })),
    );
    expect(vibrationSends).toEqual([
      { at: 0, level: 1 },
      { at: 11 * SECOND, level: 2 },
      { at: 21 * SECOND, level: 3 },
    ]);
    expect(engine.session.status).toBe('running');
  });

  it('a level raised during the soft start is approached step by step too', () => {
    const engine = everyday();
    engine.on({ type: 'set', request: { kind: 'vibration', level: 5 } }, 1 * SECOND);
    engine.tickUntil(30 * SECOND);
    const levels = engine.log.flatMap(({ effects }) =>
      sendsOf(effects)
        .filter((s) => s.startsWith('vibration'))
        .map((s) => Number(s.split(' ')[1])),
    );
    expect(levels.at(-1)).toBe(5);
    levels.slice(1).forEach((level, i) => expect(level - levels[i]!).toBe(1));
  });

  it('says "ramped" once, when the soft start is over', () => {
    const engine = everyday();
    const notices = noticeKinds(engine.tickUntil(60 * SECOND));
    expect(notices.filter((n) => n === 'ramped')).toHaveLength(1);
  });

  it('a preset without heat (reduced sensation) tells the device 0 °C and no heat time', () => {
    const engine = new Engine().ready('reduced-sensation');
    expect(sendsOf(engine.start())).toEqual(['limits 3/0/0 °C/600 s/0 s', 'vibration 1']);
  });

  it('a no-heat screening answer (injury in the last 72 h) takes heat out of any preset', () => {
    const engine = new Engine().ready('everyday', ['recent-injury']);
    const sends = sendsOf(engine.start());
    expect(sends[0]).toBe('limits 5/2/0 °C/900 s/0 s');
    expect(sends.some((s) => s.startsWith('heat'))).toBe(false);
  });
});

describe('requests above a cap, and requests that are refused', () => {
  it('vibration above the preset cap is clamped to the cap, with a notice saying so', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'set', request: { kind: 'vibration', level: 9 } }, 31 * SECOND);
    expect(noticesOf(effects)).toContainEqual({ kind: 'clamped', message: 'Vibration is limited to 5 in this preset' });
    engine.tickUntil(2 * MINUTE);
    const all = engine.log.flatMap(({ effects: e }) => sendsOf(e));
    expect(all.filter((s) => s.startsWith('vibration')).at(-1)).toBe('vibration 5');
    expect(all).not.toContain('vibration 9');
  });

  it('kneading and heat above their caps are clamped too', () => {
    const engine = everydayRunning();
    const kneading = engine.on({ type: 'set', request: { kind: 'kneading', speed: 3, direction: 'counterclockwise' } });
    const heat = engine.on({ type: 'set', request: { kind: 'heat', level: 7 } });
    expect(noticeKinds(kneading)).toContain('clamped');
    expect(noticeKinds(heat)).toContain('clamped');
    expect(engine.session.requested).toMatchObject({ kneading: 2, direction: 'counterclockwise', heat: 3 });
  });

  it('a fractional level from a slider is rounded down, never up past a cap', () => {
    const engine = everydayRunning();
    engine.on({ type: 'set', request: { kind: 'vibration', level: 5.9 } });
    expect(engine.session.requested.vibration).toBe(5);
  });

  it.each([
    ['text', 'high'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a negative level', -1],
  ])('%s as a level is refused as invalid and sends nothing', (_name, level) => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'set', request: { kind: 'vibration', level } });
    expect(sendsOf(effects)).toEqual([]);
    expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'invalid' }));
  });

  it('an output is refused without a session, and nothing is sent', () => {
    const engine = new Engine().ready('everyday');
    const effects = engine.on({ type: 'set', request: { kind: 'vibration', level: 2 } });
    expect(sendsOf(effects)).toEqual([]);
    expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'no-session' }));
  });

  it('turning an output off is always sent, even with no session', () => {
    const engine = new Engine().ready('everyday');
    expect(sendsOf(engine.on({ type: 'set', request: { kind: 'vibration', level: 0 } }))).toEqual(['vibration 0']);
  });

  it('heat is refused in a session without heat', () => {
    const engine = new Engine().ready('reduced-sensation');
    engine.start();
    const effects = engine.on({ type: 'set', request: { kind: 'heat', level: 1 } }, 5 * SECOND);
    expect(sendsOf(effects)).toEqual([]);
    expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'no-heat-this-session' }));
  });

  it('kneading is refused in a preset without kneading (leg-symptom flare)', () => {
    const engine = new Engine().ready('flare');
    engine.start();
    const effects = engine.on({ type: 'set', request: { kind: 'kneading', speed: 1, direction: 'clockwise' } });
    expect(sendsOf(effects)).toEqual([]);
    expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'not-allowed' }));
  });
});

describe('pause and resume', () => {
  it('pause sends a stop first and waits', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'pause' }, 60 * SECOND);
    expectStopFirst(effects);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.status).toBe('paused');
    expect(sendsOf(engine.tickUntil(6 * MINUTE, 10 * SECOND))).toEqual([]);
  });

  it('resume re-sends the limits with the time that is left, then soft-starts again', () => {
    const engine = everydayRunning();
    engine.on({ type: 'pause' }, 60 * SECOND);
    engine.tickUntil(6 * MINUTE, 10 * SECOND);
    const effects = engine.on({ type: 'resume' }, 6 * MINUTE);
    expect(sendsOf(effects)).toEqual(['limits 5/2/40 °C/840 s/840 s', 'vibration 1', 'kneading 1 clockwise', 'heat 2']);
    expect(engine.session.status).toBe('ramping');
    // The pause did not count: the session ends 14 minutes after the resume.
    engine.tickUntil(6 * MINUTE + 14 * MINUTE - SECOND, 10 * SECOND);
    expect(engine.session.status).toBe('running');
    engine.tickUntil(20 * MINUTE, 10 * SECOND);
    expect(engine.session.end).toEqual({ at: 20 * MINUTE, reason: 'completed', detail: null });
  });

  it('a pause left for more than 10 minutes ends the session instead of turning into an unattended one', () => {
    const engine = everydayRunning();
    engine.on({ type: 'pause' }, MINUTE);
    engine.tickUntil(11 * MINUTE, 30 * SECOND);
    expect(engine.session.end?.reason).toBe('paused-too-long');
    const effects = engine.on({ type: 'resume' });
    expect(sendsOf(effects)).toEqual([]);
    expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'not-paused' }));
  });

  it('resume without a device is refused (nothing can be re-armed)', () => {
    const engine = everydayRunning();
    engine.on({ type: 'pause' }, MINUTE);
    engine.state = { ...engine.state, device: null };
    const effects = engine.on({ type: 'resume' }, 2 * MINUTE);
    expect(sendsOf(effects)).toEqual([]);
    expect(engine.session.status).toBe('paused');
  });
});

describe('time limits', () => {
  it('heat switches off at its own limit while the motors run on', () => {
    const engine = everyday();
    engine.patchCaps({ heatMs: MINUTE });
    const effects = engine.tickUntil(61 * SECOND);
    expect(sendsOf(effects)).toContain('heat 0');
    expect(noticeKinds(effects)).toContain('heat-limit');
    expect(sendsOf(effects)).not.toContain('stop');
    expect(engine.session).toMatchObject({ status: 'running', heatEnded: true, heatMs: MINUTE });
    expect(engine.session.sent).toMatchObject({ vibration: 3, heat: 0 });
  });

  it('heat is refused once its time is used', () => {
    const engine = everyday();
    engine.patchCaps({ heatMs: MINUTE });
    engine.tickUntil(2 * MINUTE);
    const effects = engine.on({ type: 'set', request: { kind: 'heat', level: 1 } });
    expect(sendsOf(effects)).toEqual([]);
    expect(noticesOf(effects)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'heat-time-used' }));
  });

  it('after a 5-minute gap between ticks, heat was counted only up to its limit, not to the late tick', () => {
    const engine = everyday();
    engine.patchCaps({ heatMs: MINUTE });
    engine.on({ type: 'tick' }, 10 * SECOND);
    const effects = engine.on({ type: 'tick' }, 5 * MINUTE);
    expect(sendsOf(effects)).toContain('heat 0');
    expect(engine.session.heatMs).toBe(MINUTE);
    expect(engine.session.activeMs).toBe(5 * MINUTE);
  });

  it('the session stops by itself at its limit, exactly', () => {
    const engine = everyday();
    engine.tickUntil(15 * MINUTE - 10 * SECOND, 10 * SECOND);
    expect(engine.session.status).toBe('running');
    const effects = engine.tickUntil(15 * MINUTE, 10 * SECOND);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end).toEqual({ at: 15 * MINUTE, reason: 'completed', detail: null });
    expect(noticesOf(effects)).toContainEqual({ kind: 'ended', reason: 'completed', detail: null });
  });

  it('after a 10-minute jump of the clock (a sleeping tab), the session ended at its deadline, not later', () => {
    const engine = everyday();
    engine.on({ type: 'tick' }, 6 * MINUTE);
    const effects = engine.on({ type: 'tick' }, 16 * MINUTE);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end?.at).toBe(15 * MINUTE);
    expect(engine.session.activeMs).toBe(15 * MINUTE);
  });

  it('warns once, a minute before the end', () => {
    const engine = everyday();
    expect(noticeKinds(engine.tickUntil(14 * MINUTE - 10 * SECOND, 10 * SECOND))).not.toContain('last-minute');
    expect(noticeKinds(engine.tickUntil(14 * MINUTE, 10 * SECOND))).toEqual(['last-minute']);
    expect(noticeKinds(engine.tickUntil(14 * MINUTE + 50 * SECOND, 10 * SECOND))).not.toContain('last-minute');
  });
});

describe('check-ins and the symptom stop', () => {
  it('a check-in comes due at the preset interval (5 minutes) and again 5 minutes after', () => {
    const engine = everyday();
    expect(noticeKinds(engine.tickUntil(5 * MINUTE - SECOND))).not.toContain('checkin-due');
    expect(noticeKinds(engine.tickUntil(5 * MINUTE))).toEqual(['checkin-due']);
    engine.on({ type: 'checkin', answer: 'same' });
    expect(engine.session.checkinOpen).toBe(false);
    expect(noticeKinds(engine.tickUntil(10 * MINUTE - SECOND))).not.toContain('checkin-due');
    expect(noticeKinds(engine.tickUntil(10 * MINUTE))).toEqual(['checkin-due']);
  });

  it('"same" or "better" lets the session run on without a stop', () => {
    const engine = everydayRunning();
    for (const answer of ['same', 'better'] as const) {
      const effects = engine.on({ type: 'checkin', answer });
      expect(sendsOf(effects)).toEqual([]);
    }
    expect(engine.session.status).toBe('running');
  });

  it.each(['numbness', 'more-pain', 'weakness'] as const)(
    'answering "%s" stops every output first, then asks the red-flag questions',
    (answer) => {
      const engine = everydayRunning();
      engine.tickUntil(5 * MINUTE);
      const effects = engine.on({ type: 'checkin', answer });
      expect(effects[0]).toEqual({ kind: 'send', command: { kind: 'stop' } });
      expect(new Set(sendsOf(effects))).toEqual(new Set(['stop']));
      expect(engine.session.end).toMatchObject({ reason: 'symptom', detail: answer });
      expect(engine.state.triagePending).toBe(true);
      expect(noticeKinds(effects)).toContain('triage-needed');
    },
  );

  const states: { name: string; make: () => Engine }[] = [
    { name: 'no session', make: () => new Engine().ready('everyday') },
    { name: 'soft start', make: everyday },
    { name: 'running', make: everydayRunning },
    {
      name: 'paused',
      make: () => {
        const engine = everydayRunning();
        engine.on({ type: 'pause' }, MINUTE);
        return engine;
      },
    },
    {
      name: 'ended',
      make: () => {
        const engine = everydayRunning();
        engine.on({ type: 'stop' }, MINUTE);
        return engine;
      },
    },
    {
      name: 'disconnected',
      make: () => {
        const engine = everydayRunning();
        engine.on({ type: 'disconnected' }, MINUTE);
        return engine;
      },
    },
  ];

  it.each(states)('the Symptoms button in state "$name" sends a stop as its first effect and opens triage', ({ make }) => {
    const engine = make();
    const effects = engine.on({ type: 'symptom', kind: 'button' }, engine.now + SECOND);
    expect(effects[0]).toEqual({ kind: 'send', command: { kind: 'stop' } });
    expect(engine.state.triagePending).toBe(true);
    expect(engine.state.session?.status ?? 'ended').toBe('ended');
  });

  it('the symptom stop goes out before the levels a same-moment soft-start step would have sent', () => {
    const engine = everyday();
    const effects = engine.on({ type: 'symptom', kind: 'button' }, 15 * SECOND);
    // Due at 15 s: vibration 2. The symptom stop replaces it; only stops go out.
    expect(new Set(sendsOf(effects))).toEqual(new Set(['stop']));
  });
});

describe('red-flag triage', () => {
  const flagsOf = (care: string) => RED_FLAG_QUESTIONS.filter((q) => q.care === care).map((q) => q.id);

  function afterSymptom(): Engine {
    const engine = everydayRunning();
    engine.on({ type: 'symptom', kind: 'button' }, 40 * SECOND);
    return engine;
  }

  it.each(flagsOf('emergency'))('"%s" routes to emergency care and locks Easeback for 24 hours', (flag: RedFlagId) => {
    const engine = afterSymptom();
    const effects = engine.on({ type: 'triage', answers: { [flag]: true } }, MINUTE);
    expect(noticesOf(effects).map((n) => (n.kind === 'care' ? n.advice.care : n.kind))).toEqual(['emergency']);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.state).toMatchObject({ triagePending: false, lockedUntil: MINUTE + 24 * HOUR, lockReason: 'emergency' });
  });

  it.each(flagsOf('urgent'))('"%s" routes to urgent care and locks Easeback for 12 hours', (flag: RedFlagId) => {
    const engine = afterSymptom();
    engine.on({ type: 'triage', answers: { [flag]: true } }, MINUTE);
    expect(engine.session.care?.care).toBe('urgent');
    expect(engine.state).toMatchObject({ lockedUntil: MINUTE + 12 * HOUR, lockReason: 'urgent' });
  });

  it.each(flagsOf('routine'))('"%s" alone routes to a routine appointment, without a lock', (flag: RedFlagId) => {
    const engine = afterSymptom();
    engine.on({ type: 'triage', answers: { [flag]: true } }, MINUTE);
    expect(engine.session.care?.care).toBe('routine');
    expect(engine.state.lockedUntil).toBeNull();
  });

  it('no red flag routes to self-care advice, without a lock', () => {
    const engine = afterSymptom();
    engine.on({ type: 'triage', answers: {} }, MINUTE);
    expect(engine.session.care?.care).toBe('self-care');
    expect(engine.state.lockedUntil).toBeNull();
  });

  it('the most serious answer wins: an emergency flag with routine ones is still an emergency', () => {
    const engine = afterSymptom();
    engine.on({ type: 'triage', answers: { 'weeks-no-better': true, 'foot-drop': true, bladder: true } }, MINUTE);
    expect(engine.session.care).toMatchObject({ care: 'emergency', because: ['bladder'] });
  });

  it('answers given while a session is somehow still open end it: its stop is not undone by the next tick', () => {
    const engine = everydayRunning();
    // A reload restored "triage pending" while a session ran; the person answers.
    engine.on({ type: 'history', recent: [], lockedUntil: null, lockReason: null, triagePending: true }, 40 * SECOND);
    const effects = engine.on({ type: 'triage', answers: {} }, 45 * SECOND);
    expect(sendsOf(effects)[0]).toBe('stop');
    expect(engine.session.end?.reason).toBe('symptom');
    expect(sendsOf(engine.tickUntil(2 * MINUTE))).toEqual([]);
  });

  it('the emergency lock holds for the full 24 hours, then a new session may start', () => {
    const engine = afterSymptom();
    engine.on({ type: 'triage', answers: { 'saddle-numbness': true } }, MINUTE);
    const locked = engine.on({ type: 'start', sessionId: 'again' }, MINUTE + 24 * HOUR - SECOND);
    expect(noticesOf(locked)).toContainEqual(expect.objectContaining({ kind: 'refused', reason: 'locked' }));
    expect(sendsOf(locked)).toEqual([]);
    const allowed = engine.on({ type: 'start', sessionId: 'again' }, MINUTE + 24 * HOUR);
    expect(noticeKinds(allowed)).toContain('started');
  });
});

describe('when a new session may not start', () => {
  function refusal(engine: Engine, at = engine.now): { reason: StartRefusal | 'not-paused' | RefusalReason | null; sends: string[] } {
    const effects = engine.on({ type: 'start', sessionId: 'next' }, at);
    const refused = noticesOf(effects).find((n) => n.kind === 'refused');
    return { reason: refused?.kind === 'refused' ? refused.reason : null, sends: sendsOf(effects) };
  }

  it('not before the safety questions are answered', () => {
    const engine = new Engine();
    engine.on({ type: 'connected', device: OPEN_MASSAGER_DEVICE });
    expect(refusal(engine)).toEqual({ reason: 'not-screened', sends: [] });
  });

  it('not without a massager', () => {
    const engine = new Engine();
    engine.on({ type: 'screening', screening: screeningWith() });
    expect(refusal(engine)).toEqual({ reason: 'no-device', sends: [] });
  });

  it.each([['fever'], ['clot']] as const)('not at all after a "%s" answer that blocks massage', (answer) => {
    expect(refusal(new Engine().ready('gentle', [answer]))).toEqual({ reason: 'blocked', sends: [] });
  });

  it('not with a preset the screening rules out (pacemaker: gentle or reduced sensation only)', () => {
    expect(refusal(new Engine().ready('everyday', ['pacemaker']))).toEqual({ reason: 'preset-not-allowed', sends: [] });
    expect(refusal(new Engine().ready('gentle', ['pacemaker'])).reason).toBeNull();
  });

  it('not while the red-flag questions are unanswered', () => {
    const engine = everydayRunning();
    engine.on({ type: 'symptom', kind: 'button' }, 40 * SECOND);
    expect(refusal(engine, 5 * MINUTE)).toEqual({ reason: 'triage-pending', sends: [] });
  });

  it('not during the cool-down after a session, and yes once it is over', () => {
    const engine = everyday();
    engine.tickUntil(15 * MINUTE, 10 * SECOND);
    expect(refusal(engine, 15 * MINUTE + HOUR)).toEqual({ reason: 'cooldown', sends: [] });
    expect(refusal(engine, 15 * MINUTE + 2 * HOUR).reason).toBeNull();
  });

  it('not a fourth time in 24 hours', () => {
    const engine = new Engine().ready('everyday');
    let at = 0;
    for (let i = 0; i < 3; i++) {
      expect(refusal(engine, at).reason).toBeNull();
      engine.tickUntil(at + 15 * MINUTE, 30 * SECOND);
      expect(engine.session.end?.reason).toBe('completed');
      at += 15 * MINUTE + 2 * HOUR;
    }
    expect(refusal(engine, at)).toEqual({ reason: 'daily-cap', sends: [] });
    expect(refusal(engine, 24 * HOUR + SECOND).reason).toBeNull();
  });

  it('the daily cap also counts sessions remembered from before a reload', () => {
    const engine = new Engine(10 * HOUR).ready('everyday');
    const past = [1, 3, 5].map((h) => ({
      startedAt: h * HOUR,
      endedAt: h * HOUR + 15 * MINUTE,
      activeMs: 15 * MINUTE,
      cooldownMs: 2 * HOUR,
    }));
    engine.on({ type: 'history', recent: past, lockedUntil: null, lockReason: null, triagePending: false });
    expect(refusal(engine)).toEqual({ reason: 'daily-cap', sends: [] });
  });

  it('not while one is already running', () => {
    expect(refusal(everydayRunning())).toEqual({ reason: 'already-running', sends: [] });
  });
});

describe('what the device reports', () => {
  it('a device reporting more than the caps ends the session as a fault', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'report', report: report({ vibration: 6, kneading: 1, heat: 2 }) }, 40 * SECOND);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end).toMatchObject({ reason: 'fault', detail: 'The massager reported more than this session allows.' });
  });

  it('a heat level above the preset on the device (gentle allows 38 °C, level 2) ends the session as a fault', () => {
    const engine = new Engine().ready('gentle');
    engine.start();
    engine.on({ type: 'report', report: report({ heat: 3 }) }, 5 * SECOND);
    expect(engine.session.end?.reason).toBe('fault');
  });

  it('a heater reading of 41 °C ends the session as a fault; 40.9 °C does not', () => {
    const engine = everydayRunning();
    engine.on({ type: 'report', report: report({ vibration: 3, kneading: 1, heat: 2, heaterC: 40.9 }) }, 40 * SECOND);
    expect(engine.session.status).toBe('running');
    const effects = engine.on({ type: 'report', report: report({ vibration: 3, kneading: 1, heat: 2, heaterC: 41 }) }, 41 * SECOND);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end).toMatchObject({ reason: 'fault', detail: 'The heater reached 41 °C. Everything was switched off.' });
  });

  it('the thermometer service reading 41 °C ends the session too', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'temperature', celsius: 41.2 }, 40 * SECOND);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end?.reason).toBe('fault');
  });

  it.each([
    ['over-temperature', { ...NO_FAULTS, overTemperature: true }],
    ['low battery', { ...NO_FAULTS, lowBattery: true }],
    ['a heater sensor fault in a session with heat', { ...NO_FAULTS, sensorFault: true }],
  ])('a device fault flag (%s) ends the session as a fault', (_name, faults) => {
    const engine = everydayRunning();
    engine.on({ type: 'report', report: report({ faults }) }, 40 * SECOND);
    expect(engine.session.end?.reason).toBe('fault');
  });

  it('a device that disarms by itself (its own deadline) ends the session as completed when the time was up', () => {
    const engine = everyday();
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: true }) }, SECOND);
    engine.tickUntil(15 * MINUTE - 500, 10 * SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: false, lastStop: 'deadline' }) }, 15 * MINUTE - 500);
    expect(engine.session.end?.reason).toBe('completed');
  });

  it('changing the safety answers during a session stops it, so its old limits cannot outlive the new answers', () => {
    const engine = everydayRunning();
    const numb = { ...engine.state.screening!, answers: { ...engine.state.screening!.answers, 'reduced-sensation': true } };
    const effects = engine.on({ type: 'screening', screening: numb }, 40 * SECOND);
    expect(sendsOf(effects)[0]).toBe('stop');
    expect(engine.session.end?.reason).toBe('user');
    expect(sendsOf(engine.tickUntil(2 * MINUTE))).toEqual([]);
  });

  it('reports from the last session, arriving before the new limits are acknowledged, neither confirm nor end the new session', () => {
    const engine = everyday();
    // Still in flight from the session before: armed, then disarmed by its stop.
    engine.on({ type: 'report', report: report({ sessionArmed: true, vibration: 4 }) }, SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: false, lastStop: 'stop-command' }) }, SECOND);
    expect(engine.session.status).not.toBe('ended');
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, 2 * SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: true, vibration: 1 }) }, 2 * SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: false, lastStop: 'deadline' }) }, 3 * SECOND);
    expect(engine.session.end?.reason).toBe('device-stopped');
  });

  it('a device that disarms by itself early ends the session as stopped by the device, and nothing is resent', () => {
    const engine = everydayRunning();
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, 31 * SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: true, vibration: 3, kneading: 1, heat: 2 }) }, 31 * SECOND);
    const effects = engine.on({ type: 'report', report: report({ sessionArmed: false, lastStop: 'link-loss' }) }, 40 * SECOND);
    expect(sendsOf(effects)).toEqual(['stop']);
    expect(engine.session.end?.reason).toBe('device-stopped');
    expect(sendsOf(engine.tickUntil(2 * MINUTE))).toEqual([]);
  });

  it('a device that keeps its outputs on after a stop gets the stop again each second, then the link is dropped', () => {
    const engine = everydayRunning();
    engine.on({ type: 'stop' }, MINUTE);
    const stillOn = report({ sessionArmed: false, vibration: 3 });
    expect(sendsOf(engine.on({ type: 'report', report: stillOn }, MINUTE + 500))).toEqual([]);
    const retries = [1, 2, 3, 4].map((n) => engine.on({ type: 'report', report: stillOn }, MINUTE + n * SECOND));
    expect(retries.map(sendsOf)).toEqual([['stop'], ['stop'], ['stop'], ['stop']]);
    expect(retries.map((e) => noticesOf(e).find((n) => n.kind === 'stop-not-taken'))).toEqual(
      [1, 2, 3, 4].map((n) => ({ kind: 'stop-not-taken', retries: n })),
    );
    expect(retries.slice(0, 3).every((e) => !e.some((x) => x.kind === 'drop-link'))).toBe(true);
    expect(retries[3]).toContainEqual({ kind: 'drop-link' });
  });

  it('once the device reports everything off, the stop count starts again from zero', () => {
    const engine = everydayRunning();
    engine.on({ type: 'stop' }, MINUTE);
    engine.on({ type: 'report', report: report({ sessionArmed: false, vibration: 3 }) }, MINUTE + SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: false }) }, MINUTE + 2 * SECOND);
    expect(engine.state.stopRetries).toBe(0);
  });
});

describe('the link', () => {
  it('a (re)connect always sends a stop first', () => {
    const engine = new Engine();
    expect(sendsOf(engine.on({ type: 'connected', device: OPEN_MASSAGER_DEVICE }))).toEqual(['stop']);
  });

  it('a connect reported while a session is still open (its drop was missed) stops it for good', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'connected', device: OPEN_MASSAGER_DEVICE }, MINUTE);
    expect(sendsOf(effects)[0]).toBe('stop');
    expect(engine.session.end).toMatchObject({ reason: 'disconnected', at: MINUTE });
    expect(sendsOf(engine.tickUntil(3 * MINUTE))).toEqual([]);
  });

  it('a disconnect ends the open session as disconnected, and a reconnect does not resume it', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'disconnected' }, MINUTE);
    expectStopFirst(effects);
    expect(engine.session.end).toMatchObject({ reason: 'disconnected', at: MINUTE });
    expect(engine.state.device).toBeNull();
    const reconnected = engine.on({ type: 'connected', device: OPEN_MASSAGER_DEVICE }, MINUTE + 5 * SECOND);
    expect(sendsOf(reconnected)).toEqual(['stop']);
    expect(sendsOf(engine.tickUntil(3 * MINUTE))).toEqual([]);
  });

  it('a disconnect while paused ends the paused session too', () => {
    const engine = everydayRunning();
    engine.on({ type: 'pause' }, MINUTE);
    engine.on({ type: 'disconnected' }, 2 * MINUTE);
    expect(engine.session.end?.reason).toBe('disconnected');
  });

  it('a write that failed ends the session with the reason, stop first', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'link-failure', message: 'A command did not reach the massager.' }, MINUTE);
    expectStopFirst(effects);
    expect(engine.session.end).toMatchObject({ reason: 'write-failed', detail: 'A command did not reach the massager.' });
  });

  it('a command the device refused ends the session, stop first', () => {
    const engine = everydayRunning();
    const effects = engine.on({ type: 'device-rejected', rejection: 'out-of-range' }, MINUTE);
    expectStopFirst(effects);
    expect(engine.session.end?.reason).toBe('fault');
  });
});

describe('levels sent without response are confirmed by the report', () => {
  /** Running, with the device confirmed armed, then the person lowers vibration from 3 to 1 at 60 s. */
  function lowered(): Engine {
    const engine = everydayRunning();
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, 31 * SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: true, vibration: 3, kneading: 1, heat: 2 }) }, 31 * SECOND);
    expect(sendsOf(engine.on({ type: 'set', request: { kind: 'vibration', level: 1 } }, MINUTE))).toEqual(['vibration 1']);
    return engine;
  }
  const stillThree = report({ sessionArmed: true, vibration: 3, kneading: 1, heat: 2 });

  it('a report that lags the lowered level by less than the grace is taken as late, not as a device ignoring it', () => {
    const engine = lowered();
    expect(sendsOf(engine.on({ type: 'report', report: stillThree }, MINUTE + SECOND))).toEqual([]);
    expect(engine.session.status).toBe('running');
  });

  it('a device still running stronger than asked after the grace gets the lower level again', () => {
    const engine = lowered();
    expect(sendsOf(engine.on({ type: 'report', report: stillThree }, MINUTE + 2 * SECOND))).toEqual(['vibration 1']);
    // The resend has its own grace: the next report right after it sends nothing more.
    expect(sendsOf(engine.on({ type: 'report', report: stillThree }, MINUTE + 2 * SECOND + 100))).toEqual([]);
    engine.on({ type: 'report', report: report({ sessionArmed: true, vibration: 1, kneading: 1, heat: 2 }) }, MINUTE + 3 * SECOND);
    expect(engine.session.status).toBe('running');
    expect(engine.session.levelResends).toBe(0);
  });

  it('a device that keeps running stronger than asked ends the session as a fault, with everything stopped', () => {
    const engine = lowered();
    const sends = [2, 4, 6].map((s) => sendsOf(engine.on({ type: 'report', report: stillThree }, MINUTE + s * SECOND)));
    expect(sends).toEqual([['vibration 1'], ['vibration 1'], ['stop']]);
    expect(engine.session.end?.reason).toBe('fault');
    expect(engine.session.end?.detail).toContain('stronger than asked');
  });

  it('a report below what was sent (the soft start still climbing on the device) is never corrected downwards', () => {
    const engine = lowered();
    const effects = engine.on(
      { type: 'report', report: report({ sessionArmed: true, vibration: 0, kneading: 0, heat: 0 }) },
      MINUTE + 5 * SECOND,
    );
    expect(sendsOf(effects)).toEqual([]);
    expect(engine.session.status).toBe('running');
  });
});
