import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { isActive } from '../../../src/core/session/machine.js';
import { appConnectedOver, type AppOverStream } from '../support/app-over-stream.js';
import { MemoryStreamConnector } from '../support/memory-stream.js';
import { VirtualTime } from '../support/virtual-time.js';

const SECOND = 1000;

/**
 * Every state the session service gives out redraws the page. A session needs four a second (its
 * countdown, ramps and check-ins); a page left open with nothing running needs only its clock,
 * once a second, and should not keep a phone's processor busy redrawing the same screen.
 */
describe('the page is redrawn by the clock only as often as something on it can change', () => {
  let time: VirtualTime;
  let app: AppOverStream;
  const profile = builtInProfile('uart-massager') as DeviceProfile;

  beforeAll(async () => {
    await import('../../../src/core/protocol/codec.js');
  });

  beforeEach(async () => {
    time = new VirtualTime().install();
    app = await appConnectedOver(new MemoryStreamConnector(), profile, time);
  });

  afterEach(() => {
    app.dispose();
    time.uninstall();
  });

  async function statesOver(ms: number): Promise<number> {
    let states = 0;
    const counting = app.session.state$.subscribe(() => states++);
    states = 0;
    await time.advance(ms);
    counting.unsubscribe();
    return states;
  }

  it('with nothing running, about once a second; during a session, running or paused, four times a second; after a stop, once a second again', async () => {
    expect(await statesOver(10 * SECOND)).toBeLessThanOrEqual(11);

    app.session.dispatch({ type: 'start', sessionId: 'ticks' });
    for (let waited = 0; !isActive(app.session.state.session) && waited < 120; waited++) await time.advance(SECOND);
    expect(isActive(app.session.state.session)).toBe(true);
    expect(await statesOver(10 * SECOND)).toBeGreaterThanOrEqual(40);
    // Paused is still open: its time limit (and an unanswered check-in's end) runs on these ticks.
    app.session.dispatch({ type: 'pause' });
    expect(app.session.state.session?.status).toBe('paused');
    expect(await statesOver(10 * SECOND)).toBeGreaterThanOrEqual(40);

    app.session.stop();
    await time.advance(SECOND);
    expect(app.session.state.session?.status).toBe('ended');
    expect(await statesOver(10 * SECOND)).toBeLessThanOrEqual(11);
  });
});
