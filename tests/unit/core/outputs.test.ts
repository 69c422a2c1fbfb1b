import { describe, expect, it } from 'vitest';
import { OUTPUT_KINDS } from '../../../src/core/commands.js';
import { OUTPUTS } from '../../../src/core/outputs.js';
import { Engine, report, sendsOf, SECOND } from '../support/session.js';

describe('every output in the outputs record is held to its own cap', () => {
  it.each(OUTPUT_KINDS)('a massager reporting %s above the session cap ends the session as a fault, with a stop', (kind) => {
    const engine = new Engine().ready('everyday');
    engine.start();
    engine.tickUntil(40 * SECOND);
    const { caps, sent } = engine.session;
    const cap = caps[OUTPUTS[kind].cap];
    // Everything else as sent: only this one output runs above what the session allows.
    const effects = engine.on({ type: 'report', report: report({ ...sent, [kind]: cap + 1 }) });
    expect(sendsOf(effects)).toContain('stop');
    expect(engine.session.end).toMatchObject({ reason: 'fault', detail: 'The massager reported more than this session allows.' });
  });

  it.each(OUTPUT_KINDS)('a massager reporting %s at exactly what was sent runs on', (kind) => {
    const engine = new Engine().ready('everyday');
    engine.start();
    engine.tickUntil(40 * SECOND);
    const { sent } = engine.session;
    engine.on({ type: 'report', report: report({ ...sent, [kind]: sent[kind] }) });
    expect(engine.session.end).toBeNull();
  });
});
