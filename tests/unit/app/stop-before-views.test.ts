import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VIEW_HOLD_MAX_MS } from '../../../src/app/session-service.js';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { isActive } from '../../../src/core/session/machine.js';
import { MemoryStreamConnector } from '../support/memory-stream.js';
import { appConnectedOver, type AppOverStream } from '../support/app-over-stream.js';
import { VirtualTime } from '../support/virtual-time.js';

const SECOND = 1000;

/**
 * A stop waits for the one write in flight. Its frame goes out when that write's answer is
 * handled, a task of its own: if the views re-render the ended session first (and the journal
 * writes it), all of that stands between the answer and the stop. These tests hold the app to
 * telling its views after the stop frame is on the link, and never much later than the press.
 */
describe('the views hear of a stop after its frame is on the link', () => {
  let time: VirtualTime;
  let stream: MemoryStreamConnector;
  let app: AppOverStream;
  let device: AppOverStream['device'];
  let session: AppOverStream['session'];
  const profile = builtInProfile('uart-massager') as DeviceProfile;

  beforeAll(async () => {
    await import('../../../src/core/protocol/codec.js');
  });

  beforeEach(async () => {
    time = new VirtualTime().install();
    stream = new MemoryStreamConnector();
    app = await appConnectedOver(stream, profile, time);
    ({ device, session } = app);
    session.dispatch({ type: 'start', sessionId: 'held-view' });
    for (let waited = 0; session.state.session?.status !== 'running' && waited < 120; waited++) await time.advance(SECOND);
    expect(session.state.session?.status).toBe('running');
  });

  afterEach(() => {
    app.dispose();
    time.uninstall();
  });

  /** A level write on the wire, unanswered, as a drag leaves one. */
  async function levelInFlight() {
    stream.autoDrain = false;
    session.dispatch({ type: 'set', request: { kind: 'vibration', level: 2 } });
    await time.advance(100);
    const inFlight = stream.writes.at(-1);
    expect(inFlight).toBeDefined();
    expect(device.idle).toBe(false);
    return inFlight;
  }

  it('a stop behind a write in flight is not also held up by the views re-rendering: they hear of it once its frame is on the link', async () => {
    const inFlight = await levelInFlight();
    const onWire = stream.writes.length;
    // What the views saw, and how many frames were on the link when they saw it.
    const seen: { active: boolean; framesOnLink: number }[] = [];
    const subscription = session.state$.subscribe((state) =>
      seen.push({ active: isActive(state.session), framesOnLink: stream.writes.length }),
    );
    session.stop();
    // The engine has stopped at once (every rule runs on it); the stop waits for the write in flight.
    expect(isActive(session.state.session)).toBe(false);
    expect(stream.writes.length).toBe(onWire);
    expect(seen.at(-1)?.active).toBe(true);
    inFlight?.done();
    await time.advance(1);
    expect(stream.writes[onWire]?.text).toBe('S\n');
    const told = seen.find((s) => !s.active);
    expect(told, 'the views heard of the stop').toBeDefined();
    expect(told?.framesOnLink, 'the stop frame was on the link before the views heard of it').toBe(onWire + 1);
    subscription.unsubscribe();
  });

  it('a stop whose write in flight never answers is still shown within VIEW_HOLD_MAX_MS', async () => {
    await levelInFlight();
    session.stop();
    expect(isActive(session.state$.value.session)).toBe(true);
    await time.advance(VIEW_HOLD_MAX_MS);
    expect(isActive(session.state$.value.session)).toBe(false);
  });

  it('a stop with nothing in flight goes out and is shown in the same call, and events after a held stop reach the views in order', async () => {
    session.stop();
    expect(stream.writes.at(-1)?.text).toBe('S\n');
    expect(isActive(session.state$.value.session)).toBe(false);
    // A new session, a write left in flight, a stop held behind it, then a symptom press: the
    // journal's stream gets every event, in the order the engine applied them.
    for (const write of stream.writes) write.done();
    await time.advance(SECOND);
    const applied: string[] = [];
    const subscription = session.applied$.subscribe(({ event }) => applied.push(event.type));
    session.dispatch({ type: 'start', sessionId: 'held-view-2' });
    for (let waited = 0; session.state.session?.status !== 'running' && waited < 120; waited++) await time.advance(SECOND);
    const inFlight = await levelInFlight();
    applied.length = 0;
    session.stop();
    session.dispatch({ type: 'symptom', kind: 'button' });
    expect(applied).toEqual([]);
    inFlight?.done();
    await time.advance(1);
    expect(applied.slice(0, 2)).toEqual(['stop', 'symptom']);
    subscription.unsubscribe();
  });
});
