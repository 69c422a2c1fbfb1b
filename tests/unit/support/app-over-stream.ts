import { DeviceConnection } from '../../../src/app/device-connection.js';
import { SessionService } from '../../../src/app/session-service.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import { emptyScreening } from '../../../src/core/safety/screening.js';
import type { DeviceConnector } from '../../../src/transport/link.js';
import type { VirtualTime } from './virtual-time.js';

export interface AppOverStream {
  readonly device: DeviceConnection;
  readonly session: SessionService;
  /** Ends the session service and the link, as the page does when it goes. */
  dispose(): void;
}

/**
 * The app's own connection and session service, connected through `connector` with `profile`:
 * safety questions answered "no", the everyday preset chosen, ticking, and the connect's first
 * second run on virtual time (its stop sent and answered). No session is started.
 */
export async function appConnectedOver(connector: DeviceConnector, profile: DeviceProfile, time: VirtualTime): Promise<AppOverStream> {
  const device = new DeviceConnection(() => [profile]);
  const session = new SessionService(device);
  session.dispatch({ type: 'screening', screening: emptyScreening(time.now) });
  session.dispatch({ type: 'select-preset', presetId: 'everyday' });
  session.startTicking();
  const connecting = device.connect(connector, profile);
  await time.advance(1000);
  await connecting;
  return {
    device,
    session,
    dispose() {
      session.dispose();
      device.disconnect();
    },
  };
}
