import type { Observable } from 'rxjs';
import type { Bytes } from '../core/bytes.js';

export interface CharacteristicProperties {
  readonly read: boolean;
  readonly write: boolean;
  readonly writeWithoutResponse: boolean;
  readonly notify: boolean;
  readonly indicate: boolean;
}

export type WriteMode = 'with-response' | 'without-response';

/**
 * A connection to one massager at the level of GATT bytes. Two implementations: Web Bluetooth
 * (web-bluetooth.ts, the only code that touches navigator.bluetooth) and the in-page simulated
 * massager (sim-link.ts). Nothing above this layer knows which one it has.
 *
 * Operations here are raw: the GattQueue in front of them makes sure only one runs at a time.
 */
export interface DeviceLink {
  readonly kind: 'bluetooth' | 'simulated';
  readonly id: string;
  readonly name: string;
  readonly connected: boolean;
  /** Service UUIDs found at the last connect: used to pick the profile. */
  readonly services: readonly string[];
  /** Connects (or reconnects) and looks every characteristic up again: old objects go stale. */
  connect(): Promise<void>;
  /** Drops the link. Firmware that follows the protocol then stops every output by itself. */
  disconnect(): void;
  properties(characteristic: string): CharacteristicProperties | null;
  read(characteristic: string): Promise<Bytes>;
  write(characteristic: string, value: Bytes, mode: WriteMode): Promise<void>;
  startNotifications(characteristic: string): Promise<void>;
  /** Values the device sends on a characteristic, from now until the link drops. */
  values(characteristic: string): Observable<Bytes>;
  /** Emits when the link drops, whoever dropped it. */
  readonly disconnected$: Observable<void>;
}

/**
 * Which write to use. Commands that must be known to have landed (stop, limits, keep-alive) are
 * acknowledged when the characteristic allows it. Level changes go unacknowledged when it allows
 * that: the device's state notification confirms them, and a stop never waits behind a level
 * write's round trip (one connection interval or more on a real link).
 */
export function writeModeFor(properties: CharacteristicProperties | null, purpose: 'must-land' | 'level' = 'must-land'): WriteMode | null {
  if (!properties) return null;
  if (purpose === 'level' && properties.writeWithoutResponse) return 'without-response';
  if (properties.write) return 'with-response';
  if (properties.writeWithoutResponse) return 'without-response';
  return null;
}

export class LinkError extends Error {
  constructor(
    readonly code: 'timeout' | 'gatt' | 'disconnected' | 'missing' | 'not-permitted',
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}
