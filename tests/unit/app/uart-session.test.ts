import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeviceConnection } from '../../../src/app/device-connection.js';
import { SessionService } from '../../../src/app/session-service.js';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { emptyScreening } from '../../../src/core/safety/screening.js';
import { UART_FIRMWARE, UartMassagerFirmware } from '../../../src/sim/uart-massager-firmware.js';
import { SimLink } from '../../../src/transport/sim-link.js';
import { VirtualTime } from '../support/virtual-time.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('a session on the UART massager, through the app layer on virtual time', () => {
  let time: VirtualTime;
  let firmware: UartMassagerFirmware;
  let device: DeviceConnection;
  let session: SessionService;

  beforeAll(async () => {
    // The connection loads its codecs on demand (a first-screen size budget); a module load does
    // not finish under virtual time, so they are loaded before it is installed.
    await Promise.all([import('../../../src/core/protocol/codec.js'), import('../../../src/core/protocol/standard.js')]);
  });

  beforeEach(async () => {
    time = new VirtualTime().install();
    const profile = builtInProfile('uart-massager') as DeviceProfile;
    firmware = new UartMassagerFirmware({ now: performance.now() });
    device = new DeviceConnection(() => [profile]);
    session = new SessionService(device);
    session.dispatch({ type: 'screening', screening: emptyScreening(time.now) });
    session.dispatch({ type: 'select-preset', presetId: 'everyday' });
    session.startTicking();
    const connecting = device.connect(new SimLink(firmware), profile);
    await time.advance(2 * SECOND);
    await connecting;
  });

  afterEach(() => {
    session.dispose();
    device.disconnect();
    time.uninstall();
  });

  /** Answers check-ins as a person would, so the session runs on. */
  async function run(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 10 * SECOND) {
      await time.advance(Math.min(left, 10 * SECOND));
      if (session.state.session?.checkinOpen) session.dispatch({ type: 'checkin', answer: 'same' });
    }
  }

  it('keep-alives hold its watchdog off for a whole session, and no limits frame is ever written', async () => {
    session.dispatch({ type: 'start', sessionId: 'uart-1' });
    await run(5 * MINUTE);
    const snapshot = firmware.snapshot();
    expect(session.state.session?.status).toBe('running');
    // Everyday relief on a 5-step massager: at most half of its range, rounded down, so 2 of 5.
    expect(session.state.session?.caps.maxVibration).toBe(2);
    // Still at the level the soft start reached (stopCount 1: the stop sent when it connected).
    expect(snapshot).toMatchObject({ vibration: session.state.session?.caps.start.vibration, stopCount: 1, lastStopWasWatchdog: false });
    expect(snapshot.vibration).toBeGreaterThan(0);
    const keepalives = snapshot.linesHeard.filter((line) => line === 'K').length;
    expect(keepalives).toBeGreaterThanOrEqual(Math.floor((5 * MINUTE) / UART_FIRMWARE.watchdogMs));
    // Only the device's own commands went out: nothing that looks like a limits frame.
    expect(snapshot.linesHeard.every((line) => /^(S|K|V\d|H\d+)$/.test(line))).toBe(true);
  });

  it('with the keep-alive timer throttled to once a minute (a background tab), reports from the device still carry them', async () => {
    // Only timers made from here on are throttled: the session's tick and the simulated radio run as before.
    const installed = globalThis.setInterval;
    globalThis.setInterval = ((callback: () => void) => installed(callback, MINUTE)) as typeof setInterval;
    try {
      session.dispatch({ type: 'start', sessionId: 'uart-throttled' });
    } finally {
      globalThis.setInterval = installed;
    }
    await run(3 * MINUTE);
    expect(session.state.session?.status).toBe('running');
    expect(firmware.snapshot()).toMatchObject({ lastStopWasWatchdog: false, stopCount: 1 });
    expect(firmware.snapshot().vibration).toBeGreaterThan(0);
  });

  it('a stop ends the keep-alives: after it, the device hears nothing more', async () => {
    session.dispatch({ type: 'start', sessionId: 'uart-2' });
    await run(40 * SECOND);
    session.stop();
    await time.advance(SECOND);
    const heard = firmware.snapshot().linesHeard.length;
    expect(firmware.snapshot().linesHeard.at(-1)).toBe('S');
    await time.advance(30 * SECOND);
    expect(firmware.snapshot().linesHeard.length).toBe(heard);
    expect(firmware.snapshot()).toMatchObject({ vibration: 0, heat: 0 });
  });
});
