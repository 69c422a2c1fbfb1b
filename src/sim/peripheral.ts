import type { Bytes } from '../core/bytes.js';
import type { DeviceStopCause } from '../core/device-report.js';

/**
 * A simulated Bluetooth peripheral, at the level of GATT bytes.
 *
 * The same object answers the in-page demo (src/transport/sim-link.ts) and, in the browser tests,
 * Chromium's emulated adapter (tests/e2e/fixtures). It owns no timers: whoever hosts it calls
 * `tick(now)` with its own clock, which is how tests jump ten minutes in one call.
 */
export interface CharacteristicSpec {
  readonly uuid: string;
  readonly properties: {
    readonly read?: boolean;
    readonly write?: boolean;
    readonly writeWithoutResponse?: boolean;
    readonly notify?: boolean;
    readonly indicate?: boolean;
  };
}

export interface ServiceSpec {
  readonly uuid: string;
  readonly characteristics: readonly CharacteristicSpec[];
}

/** ATT error codes used by the simulated firmware (0 is success). */
export const ATT = {
  success: 0x00,
  readNotPermitted: 0x02,
  writeNotPermitted: 0x03,
  invalidAttributeLength: 0x0d,
  attributeNotFound: 0x0a,
} as const;

export type ReadResult = { readonly code: 0; readonly value: Bytes } | { readonly code: number };

/** What every simulated firmware can say about its own outputs, for tests and the simulator panel. */
export interface PeripheralSnapshot {
  readonly connected: boolean;
  readonly vibration: number;
  readonly kneading: number;
  readonly heat: number;
  readonly lastStop: DeviceStopCause;
  /** How many times the firmware has stopped every output since power-on (the fixture counts stops by it). */
  readonly stopCount: number;
}

export type NotifyListener = (characteristic: string, value: Bytes) => void;

export interface SimulatedPeripheral<S extends PeripheralSnapshot = PeripheralSnapshot> {
  readonly name: string;
  readonly services: readonly ServiceSpec[];
  /** The central connected (GATT link up). */
  connect(now: number): void;
  /** The link dropped: firmware must stop every output on its own. */
  linkLost(now: number): void;
  read(characteristic: string, now: number): ReadResult;
  /** Returns an ATT code: 0 when the write was taken. */
  write(characteristic: string, value: Uint8Array, now: number): number;
  setNotifying(characteristic: string, enabled: boolean): void;
  /** Advances the firmware's own clock to `now` (milliseconds on any monotonic scale). */
  tick(now: number): void;
  onNotify(listener: NotifyListener): () => void;
  /** The firmware's own view of its outputs (not what it last reported over the air). */
  snapshot(): S;
}
