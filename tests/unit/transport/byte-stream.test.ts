import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { MemoryStreamConnector } from '../support/memory-stream.js';
import { appConnectedOver, type AppOverStream } from '../support/app-over-stream.js';
import { VirtualTime } from '../support/virtual-time.js';

const SECOND = 1000;

/**
 * The transport seam: a link is a byte stream, so a device with no GATT at all (a Web Serial port,
 * a USB-serial bridge) sits beside the Bluetooth one. Here the UART massager's text protocol runs
 * over a plain in-memory stream, through the app's own connection, queue and session.
 */
describe('a massager on a plain byte stream, with no GATT', () => {
  let time: VirtualTime;
  let stream: MemoryStreamConnector;
  let app: AppOverStream;
  let device: AppOverStream['device'];
  let session: AppOverStream['session'];
  const profile = builtInProfile('uart-massager') as DeviceProfile;

  beforeAll(async () => {
    // Loaded before virtual time: a module load does not finish under it.
    await import('../../../src/core/protocol/codec.js');
  });

  beforeEach(async () => {
    time = new VirtualTime().install();
    stream = new MemoryStreamConnector();
    app = await appConnectedOver(stream, profile, time);
    ({ device, session } = app);
  });

  afterEach(() => {
    app.dispose();
    time.uninstall();
  });

  it('connects with the profile it was given, is stopped first, and takes a session as lines of bytes', async () => {
    expect(device.state$.value).toMatchObject({ phase: 'connected', kind: 'stream', name: 'Serial massager' });
    // The stop every connect sends, before anything else.
    expect(stream.writes[0]?.text).toBe('S\n');
    session.dispatch({ type: 'start', sessionId: 'stream-1' });
    await time.advance(3 * SECOND);
    expect(session.state.session?.status).toMatch(/^(ramping|running)$/);
    expect(stream.heard).toMatch(/V1\n/);
    expect(stream.heard).toMatch(/K\n/);
  });

  it('the readback follows status lines the device sends, even split across chunks and merged with others', async () => {
    stream.send('OK\nST V2 H3');
    stream.send('6 T35.0 F0\nOK\n');
    await time.advance(10);
    expect(device.report$.value).toMatchObject({ vibration: 2, heat: 3 });
    expect(device.decodeFailures$.value.count).toBe(0);
  });

  it('a stop never waits behind queued level writes: it goes out the moment the write in flight ends, and they are dropped', async () => {
    session.dispatch({ type: 'start', sessionId: 'stream-2' });
    for (let waited = 0; session.state.session?.status !== 'running' && waited < 120; waited++) await time.advance(SECOND);
    expect(session.state.session?.status).toBe('running');
    stream.autoDrain = false;
    // Levels moved to and fro, as a finger on the control would.
    for (const level of [1, 2, 1, 2]) {
      session.dispatch({ type: 'set', request: { kind: 'vibration', level } });
      await time.advance(100);
    }
    const inFlight = stream.writes.at(-1);
    // A keep-alive or a level is on the wire, unanswered; the level changes wait behind it.
    expect(inFlight).toBeDefined();
    expect(device.idle).toBe(false);
    const onWire = stream.writes.length;
    session.stop();
    await time.advance(100);
    // One write at a time, even for a stop: it waits for the one in flight, and for nothing else.
    expect(stream.writes.length).toBe(onWire);
    inFlight?.done();
    await time.advance(1);
    expect(stream.writes[onWire]?.text).toBe('S\n');
    stream.autoDrain = true;
    for (const write of stream.writes.slice(onWire)) write.done();
    await time.advance(5 * SECOND);
    expect(stream.writes.slice(onWire).some((write) => write.text.startsWith('V'))).toBe(false);
    expect(device.queueStats?.dropped).toBeGreaterThan(0);
    expect(stream.maxWritesInFlight).toBe(1);
  });

  it('an unplugged stream ends the session, is opened again by itself, is stopped first, and nothing restarts', async () => {
    session.dispatch({ type: 'start', sessionId: 'stream-3' });
    await time.advance(2 * SECOND);
    const before = stream.writes.length;
    stream.unplug();
    await time.advance(10);
    expect(device.state$.value.phase).toBe('reconnecting');
    await time.advance(2 * SECOND);
    expect(stream.opens).toBe(2);
    expect(device.state$.value.phase).toBe('connected');
    expect(stream.writes[before]?.text).toBe('S\n');
    await time.advance(5 * SECOND);
    expect(session.state.session?.status).not.toBe('running');
    expect(stream.writes.slice(before).some((w) => w.text.startsWith('V'))).toBe(false);
  });
});
