import { BehaviorSubject } from 'rxjs';
import type { DeviceView } from '../../../src/app/ports.js';
import type { ConnectionState } from '../../../src/app/device-connection.js';

/** A device view for a component test: the given connection, and nothing reported, held or failed. */
export function quietDeviceView(connection: ConnectionState = { phase: 'disconnected' }): DeviceView {
  return {
    state$: new BehaviorSubject(connection),
    report$: new BehaviorSubject(null),
    battery$: new BehaviorSubject(null),
    info$: new BehaviorSubject(null),
    decodeFailures$: new BehaviorSubject({ count: 0, consecutive: 0, last: null }),
    instruction$: new BehaviorSubject(null),
    latchHeld$: new BehaviorSubject(false),
    releaseLatches: () => Promise.resolve(),
  };
}
