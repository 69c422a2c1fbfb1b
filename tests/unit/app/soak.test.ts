import { describe, expect, it } from 'vitest';
import { runSoak } from '../support/soak.js';

describe('back-to-back sessions through the app layer, on virtual time', () => {
  it('no subscription, firmware listener or timer is left open after a session ends, whichever way it ends', async () => {
    // Two simulated hours: every ending (limit, stop, pause and resume, link drop, symptom, paused
    // too long) comes round at least twice. `npm run bench` runs the same soak for eight hours.
    const result = await runSoak({ hours: 2 });
    expect(result.sessions).toBeGreaterThanOrEqual(12);
    // Every session the soak began really started, and has exactly one journal record (issue 12).
    expect(result.refusedStarts).toEqual([]);
    expect(result.started).toHaveLength(result.sessions);
    expect([...result.journalIds].sort()).toEqual([...result.started].sort());
    expect(Object.keys(result.endReasons).sort()).toEqual(['completed', 'disconnected', 'paused-too-long', 'symptom', 'user']);
    // Connected and idle: the app's own wiring, one firmware listener, the two tickers.
    expect(result.baseline.openSubscriptions).toBeGreaterThan(0);
    for (const sample of result.samples) {
      expect(sample, `after session ${sample.session} (${sample.ending})`).toMatchObject({
        openSubscriptions: result.baseline.openSubscriptions,
        firmwareListeners: result.baseline.firmwareListeners,
        timers: result.baseline.timers,
      });
    }
    // And once everything is disposed, nothing at all: the counts count what the app opened.
    expect(result.afterDispose).toEqual({ openSubscriptions: 0, firmwareListeners: 0, timers: 0 });
  });
});
