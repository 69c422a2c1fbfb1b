import { describe, expect, it } from 'vitest';
import { Engine, report, SECOND, sendsOf } from '../../support/session.js';

/** Started on a device that holds the limits itself (the Open Massager's profile): not yet armed. */
function started(): Engine {
  const engine = new Engine().ready('everyday');
  engine.start();
  return engine;
}

describe('a device that holds the limits answers the stop sent ahead of them', () => {
  it('the answer to the start’s own stop, landing after the limits were acknowledged, does not end the new session', () => {
    const engine = started();
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, 100);
    // On a 9600-baud serial module the board's "STOP cmd" for the start's stop comes about 60 ms later.
    engine.on({ type: 'device-stopped', cause: 'stop-command' }, 160);
    expect(engine.session.status).not.toBe('ended');
  });

  it('once the device has reported the session armed, a stop-command stop ends it, as any device stop does', () => {
    const engine = started();
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, 100);
    engine.on({ type: 'report', report: report({ sessionArmed: true }) }, 200);
    engine.on({ type: 'device-stopped', cause: 'stop-command' }, 5 * SECOND);
    expect(engine.session.end?.reason).toBe('device-stopped');
  });

  it('a stop for any other cause before the device reported armed still ends the session', () => {
    const engine = started();
    engine.on({ type: 'device-stopped', cause: 'over-temperature' }, 160);
    expect(engine.session.end?.reason).toBe('fault');
  });
});

describe('a device that started again mid-session (its watchdog, a brown-out)', () => {
  it('ends the session, sends the stop, and nothing restarts by itself', () => {
    const engine = started();
    engine.tickUntil(31 * SECOND);
    expect(engine.session.status).toBe('running');
    const effects = engine.on({ type: 'device-stopped', cause: 'reset' }, 40 * SECOND);
    expect(engine.session.end?.reason).toBe('device-stopped');
    expect(sendsOf(effects)).toContain('stop');
    expect(sendsOf(engine.tickUntil(2 * 60 * SECOND)).filter((s) => s !== 'stop')).toEqual([]);
  });
});
