import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { recordFromSession } from '../../../../src/core/journal/record.js';
import { END_REASON_LABEL } from '../../../../src/core/journal/labels.js';
import { journalRecordSchema } from '../../../../src/core/journal/schema.js';
import type { StopSource } from '../../../../src/core/session/types.js';
import { Engine, expectStopFirst, report, SECOND, sendsOf } from '../../support/session.js';
import { record } from '../journal/fixtures.js';

/** Past the soft start of an everyday-relief session: motors and heat are on. */
function running(): Engine {
  const engine = new Engine().ready('everyday');
  engine.start();
  engine.tickUntil(31 * SECOND);
  expect(engine.session.status).toBe('running');
  return engine;
}

const SOURCES: readonly StopSource[] = ['user', 'sound', 'tap', 'device-button'];

describe('every way to stop ends the session the way STOP does', () => {
  it.each(SOURCES)('a %s stop sends the stop first, ends the session, and leaves nothing to restart', (source) => {
    const engine = running();
    const effects = engine.on({ type: 'stop', source }, 40 * SECOND);
    expectStopFirst(effects);
    expect(sendsOf(effects).filter((s) => s !== 'stop')).toEqual([]);
    expect(engine.session.status).toBe('ended');
    // Time passing after the stop sends nothing: no soft start resumes by itself.
    expect(sendsOf(engine.tickUntil(2 * 60 * SECOND)).filter((s) => s !== 'stop')).toEqual([]);
  });

  it.each(SOURCES)('the journal records a %s stop as its own end reason, and the record validates', (source) => {
    const engine = running();
    engine.on({ type: 'stop', source }, 40 * SECOND);
    expect(engine.session.end?.reason).toBe(source);
    const kept = recordFromSession(engine.session, engine.now);
    // The journal's fixtures use real dates; the engine starts at 0, which the schema would refuse.
    const dated = { ...kept, startedAt: record().startedAt, updatedAt: record().startedAt, endedAt: record().startedAt };
    expect(v.safeParse(journalRecordSchema, dated).success).toBe(true);
    expect(END_REASON_LABEL[source]).toBeTruthy();
  });

  it('a stop without a source is the person’s own: "user", as before', () => {
    const engine = running();
    engine.on({ type: 'stop' }, 40 * SECOND);
    expect(engine.session.end?.reason).toBe('user');
  });

  it('a second stop from another source does not rewrite what stopped the session', () => {
    const engine = running();
    engine.on({ type: 'stop', source: 'sound' }, 40 * SECOND);
    engine.on({ type: 'stop', source: 'tap' }, 41 * SECOND);
    expect(engine.session.end).toMatchObject({ reason: 'sound', at: 40 * SECOND });
  });
});

describe('the massager’s own STOP button (the DIY board reports it as a stop cause)', () => {
  it('a device that reports it stopped for its button ends the session as a button stop, not a fault', () => {
    const engine = running();
    engine.on({ type: 'limits-acknowledged', sessionId: engine.session.id }, 32 * SECOND);
    engine.on({ type: 'report', report: report({ sessionArmed: true, vibration: 3, kneading: 1, heat: 2 }) }, 32 * SECOND);
    const effects = engine.on({ type: 'report', report: report({ sessionArmed: false, lastStop: 'button' }) }, 33 * SECOND);
    expect(engine.session.end?.reason).toBe('device-button');
    // The app sends its own stop too, as after STOP: the device is told, whatever it did itself.
    expect(sendsOf(effects)).toContain('stop');
  });

  it('a device-stopped event for the button is journaled the same way', () => {
    const engine = running();
    engine.on({ type: 'device-stopped', cause: 'button' }, 33 * SECOND);
    expect(engine.session.end?.reason).toBe('device-button');
  });
});

describe('records kept before the new stop reasons', () => {
  it('still validate: the reasons were added, none was renamed or removed', () => {
    for (const endReason of ['completed', 'user', 'symptom', 'interrupted', null] as const) {
      expect(v.safeParse(journalRecordSchema, record({ endReason })).success).toBe(true);
    }
  });

  it('an unknown end reason is still refused with a clear message', () => {
    const parsed = v.safeParse(journalRecordSchema, { ...record(), endReason: 'shouted' });
    expect(parsed.success).toBe(false);
    expect(parsed.issues?.[0]?.message).toMatch(/must be one of .*sound, tap, device-button/);
  });
});
