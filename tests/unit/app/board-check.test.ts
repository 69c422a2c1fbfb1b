import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openBoardCheck, type BoardCheckControls } from '../../../src/app/board-check.js';
import { DeviceConnection } from '../../../src/app/device-connection.js';
import { SessionService } from '../../../src/app/session-service.js';
import type { CheckState } from '../../../src/core/check/first-power-on.js';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { emptyScreening } from '../../../src/core/safety/screening.js';
import { DiyBoard } from '../../../src/sim/avr/board.js';
import { DiyBoardPeripheral } from '../../../src/sim/diy-board-module.js';
import { SimLink } from '../../../src/transport/sim-link.js';
import { loadFirmware } from '../firmware/vectors.js';
import { VirtualTime } from '../support/virtual-time.js';

const SECOND = 1000;

/**
 * The board check through the app layer (the connection, its single-writer queue, the session
 * engine) against the committed firmware binary on the emulated chip, on virtual time.
 */
describe('the board check through the app layer, on the real firmware', () => {
  let time: VirtualTime;
  let chip: DiyBoard;
  let device: DeviceConnection;
  let session: SessionService;
  let check: BoardCheckControls;
  let state: CheckState;

  beforeAll(async () => {
    // Loaded on demand by the app; a module load does not finish under virtual time.
    await Promise.all([
      import('../../../src/core/protocol/codec.js'),
      import('../../../src/core/protocol/standard.js'),
      import('../../../src/core/profile/narrowing.js'),
    ]);
  });

  beforeEach(async () => {
    time = new VirtualTime().install();
    const profile = builtInProfile('diy-board') as DeviceProfile;
    chip = new DiyBoard(loadFirmware(), { surroundingsC: 22, heaterWatts: 10, kelvinPerWatt: 2, joulesPerKelvin: 150 });
    const module = new DiyBoardPeripheral(chip, { now: performance.now() });
    device = new DeviceConnection(() => [profile]);
    session = new SessionService(device);
    session.dispatch({ type: 'screening', screening: emptyScreening(time.now) });
    session.startTicking();
    const connecting = device.connect(new SimLink(module, { tickMs: 10 }), profile);
    await time.advance(2 * SECOND);
    await connecting;
    check = openBoardCheck(device, session, () => Date.now());
    check.state$.subscribe((s) => (state = s));
  });

  afterEach(() => {
    check.close();
    session.dispose();
    device.disconnect();
    time.uninstall();
  });

  async function until(done: () => boolean, ms = 10 * SECOND): Promise<void> {
    for (let waited = 0; waited < ms && !done(); waited += 100) await time.advance(100);
    expect(done()).toBe(true);
  }

  it('while the check holds the board no session starts, and a session’s STOP ends the check with every pin low', async () => {
    check.begin();
    await until(() => state.phase === 'ready');
    expect(state.results.identity?.status).toBe('passed');
    check.run();
    await until(() => chip.pins().vibrationDuty === 25);
    session.dispatch({ type: 'start', sessionId: 'during-check' });
    expect(session.state.session).toBeNull();
    session.stop();
    await until(() => chip.allOutputsLow());
    expect(state).toMatchObject({ phase: 'done', end: { outcome: 'stopped' } });
    // Given back: a session may start now.
    expect(session.state.boardCheck).toBe(false);
    await time.advance(3 * SECOND);
    expect(chip.allOutputsLow()).toBe(true);
  });

  it('closing the screen mid-step takes every pin low and gives the board back', async () => {
    check.begin();
    await until(() => state.phase === 'ready');
    check.run();
    await until(() => chip.pins().vibrationDuty === 25);
    check.close();
    await until(() => chip.allOutputsLow());
    expect(session.state.boardCheck).toBe(false);
  });
});
