import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { DiyBoard } from '../../../src/sim/avr/board.js';
import { loadFirmware } from '../firmware/vectors.js';
import { SerialBoardConnector } from '../support/serial-board.js';
import { appConnectedOver, type AppOverStream } from '../support/app-over-stream.js';
import { VirtualTime } from '../support/virtual-time.js';

const SECOND = 1000;

/**
 * The transport seam with a real device behind it: the DIY board's committed firmware, on the
 * emulated chip, reached over a plain serial byte stream (no BLE module, no GATT), through the
 * app's own connection, queue and session.
 */
describe('the DIY board over a serial byte stream, with no GATT', () => {
  let time: VirtualTime;
  let board: DiyBoard;
  let serial: SerialBoardConnector;
  let app: AppOverStream;
  let device: AppOverStream['device'];
  let session: AppOverStream['session'];
  const profile = builtInProfile('diy-board') as DeviceProfile;

  beforeAll(async () => {
    // Loaded before virtual time: a module load does not finish under it.
    await Promise.all([import('../../../src/core/protocol/codec.js'), import('../../../src/core/profile/narrowing.js')]);
  });

  beforeEach(async () => {
    time = new VirtualTime().install();
    board = new DiyBoard(loadFirmware());
    serial = new SerialBoardConnector(board);
    // The board boots first (its BOOT line), then the port opens.
    await time.advance(500);
    app = await appConnectedOver(serial, profile, time);
    ({ device, session } = app);
  });

  afterEach(() => {
    app.dispose();
    time.uninstall();
  });

  it('the board answers the app’s greeting with its ranges over the stream, and is shown connected at them', () => {
    expect(device.state$.value).toMatchObject({ phase: 'connected', kind: 'stream' });
    const state = device.state$.value;
    expect(state.phase === 'connected' ? state.deviceSessionSeconds : undefined).toBeGreaterThan(0);
  });

  it('a session drives the motor pin, and a stop takes every output pin low', async () => {
    session.dispatch({ type: 'start', sessionId: 'serial-1' });
    for (let waited = 0; session.state.session?.status !== 'running' && waited < 60; waited++) await time.advance(SECOND);
    expect(session.state.session?.status).toBe('running');
    expect(board.pins().vibrationDuty).toBeGreaterThan(0);
    session.stop();
    await time.advance(SECOND);
    expect(board.pins()).toMatchObject({ vibrationDuty: 0, kneadingDuty: 0, heater: false });
    expect(device.report$.value).toMatchObject({ vibration: 0, kneading: 0, heat: 0 });
  });
});
