import type { Observable } from 'rxjs';
import type { Bytes } from '../core/bytes.js';
import type { DeviceProfile } from '../core/profile/types.js';

/**
 * Where a write goes, and whether it must be known to have landed. Commands that must land (stop,
 * limits, keep-alive) are acknowledged where the link can acknowledge; level changes may go
 * unacknowledged, since the device's next state report confirms them and a stop never waits
 * behind a level write's round trip. A plain byte stream has one wire and ignores both.
 */
export interface WriteTo {
  readonly endpoint: 'control' | 'limits';
  readonly purpose: 'must-land' | 'level';
}

/**
 * A connection to one massager as a byte stream: bytes written to it, chunks of bytes received
 * from it, and its end. Nothing more: services, characteristics and the standard Bluetooth reads
 * belong to the Bluetooth side (gatt-link.ts), behind its connector. A Web Serial port, an
 * in-memory stream and a GATT peripheral all fit here, and nothing above this layer knows which.
 *
 * Writes are raw: the GattQueue in front of them makes sure only one runs at a time and that a
 * stop jumps ahead of everything queued.
 */
export interface DeviceLink {
  /** Resolves once the bytes were taken (acknowledged, where `to` asks for it and the link can). */
  write(bytes: Bytes, to?: WriteTo): Promise<void>;
  /** Chunks the device sends, in order, from the connect until the link drops. Chunks received before the first subscriber are kept for it. */
  readonly values: Observable<Bytes>;
  /** Emits once when the link drops, whoever dropped it. */
  readonly disconnected: Observable<void>;
  /** Drops the link. Firmware that follows the protocol then stops every output by itself. */
  disconnect(): void;
}

export interface DeviceInfo {
  readonly firmware: string | null;
  readonly model: string | null;
  readonly manufacturer: string | null;
}

/**
 * What a Bluetooth link read at connect from the standard services, beside its byte stream: a
 * plain byte stream has none of it.
 */
export interface LinkExtras {
  /** The state characteristic's value read at connect, when it can be read (decoded like any chunk, but on its own). */
  readonly initialState: Bytes | null;
  readonly battery: number | null;
  /** Later battery levels, for as long as the link is up. */
  readonly battery$: Observable<number> | null;
  readonly info: DeviceInfo;
  /** A Health Thermometer's readings, when the device has one. */
  readonly thermometerC$: Observable<number | null> | null;
}

export interface OpenedLink {
  readonly link: DeviceLink;
  /** The profile this device is driven by: matched from what it advertises, or the one given. */
  readonly profile: DeviceProfile;
  readonly extras: LinkExtras | null;
}

/**
 * One device that can be connected, and connected again after a drop: each `open` gives a fresh
 * link. The Bluetooth connector matches a profile against the services the device offers; a
 * byte stream cannot say what it is, so it needs the profile given.
 */
export interface DeviceConnector {
  readonly kind: 'bluetooth' | 'simulated' | 'stream';
  readonly id: string;
  readonly name: string;
  open(profiles: readonly DeviceProfile[], known: DeviceProfile | null): Promise<OpenedLink>;
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
