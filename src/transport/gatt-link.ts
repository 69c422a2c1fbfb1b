import { filter, map, Observable, Subject, take, type Subscriber } from 'rxjs';
import type { Bytes } from '../core/bytes.js';
import type { DeviceProfile } from '../core/profile/types.js';
import { SIG } from '../core/profile/uuid.js';
import type { Result } from '../core/result.js';
import { decodeBatteryLevel, decodeTemperatureMeasurement, decodeUtf8String } from '../core/protocol/standard.js';
import { LinkError, type DeviceLink, type DeviceInfo, type LinkExtras, type OpenedLink, type WriteTo } from './link.js';

/**
 * The Bluetooth side of the transport seam: a GATT peripheral (Web Bluetooth's, or the in-page
 * simulated one's) made into a byte-stream DeviceLink. Everything GATT stays here: services and
 * characteristics, write modes, profile matching against the services the device offers, and the
 * standard battery and device-information reads, done once at connect.
 */
export interface CharacteristicProperties {
  readonly read: boolean;
  readonly write: boolean;
  readonly writeWithoutResponse: boolean;
  readonly notify: boolean;
  readonly indicate: boolean;
}

export type WriteMode = 'with-response' | 'without-response';

/** A GATT connection to one peripheral, raw: the caller runs one operation at a time. */
export interface GattClient {
  readonly name: string;
  /** Service UUIDs found at the last connect: used to pick the profile. */
  readonly services: readonly string[];
  /** Connects (or reconnects) and looks every characteristic up again: old objects go stale. */
  connect(): Promise<void>;
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
 * Which write to use. Commands that must be known to have landed are acknowledged when the
 * characteristic allows it; level changes go unacknowledged when it allows that.
 */
export function writeModeFor(properties: CharacteristicProperties | null, purpose: WriteTo['purpose'] = 'must-land'): WriteMode | null {
  if (!properties) return null;
  if (purpose === 'level' && properties.writeWithoutResponse) return 'without-response';
  if (properties.write) return 'with-response';
  if (properties.writeWithoutResponse) return 'without-response';
  return null;
}

/** Picks the profile for a connected device: a user's narrowing profile before the built-in it narrows. */
export function pickProfile(services: readonly string[], name: string, profiles: readonly DeviceProfile[]): DeviceProfile | null {
  const candidates = profiles.filter(
    (p) => services.includes(p.gatt.service) || p.match.namePrefixes.some((prefix) => name.startsWith(prefix)),
  );
  const withService = candidates.filter((p) => services.includes(p.gatt.service));
  // Two kinds of device on one service (the UART massager and a DIY board's Nordic UART module):
  // the name tells them apart.
  const named = withService.filter((p) => p.match.namePrefixes.some((prefix) => name.startsWith(prefix)));
  const pool = named.length > 0 ? named : withService.length > 0 ? withService : candidates;
  return pool.find((p) => p.origin === 'imported') ?? pool[0] ?? null;
}

/** Most chunks kept while nobody listens yet (a connect's first moments); older ones are dropped. */
const KEPT_CHUNKS = 256;

/**
 * Subscribes to `source` at once and keeps what arrives until the first subscriber comes, so
 * that nothing the device sends between its notifications starting and the app listening is lost.
 */
export function keptForFirstSubscriber<T>(source: Observable<T>): Observable<T> {
  let kept: T[] | null = [];
  let ended = false;
  const live = new Subject<T>();
  source.subscribe({
    next: (value) => {
      if (kept === null) live.next(value);
      else if (kept.push(value) > KEPT_CHUNKS) kept.shift();
    },
    complete: () => {
      ended = true;
      live.complete();
    },
  });
  return new Observable<T>((subscriber: Subscriber<T>) => {
    const first = kept;
    kept = null;
    for (const value of first ?? []) subscriber.next(value);
    if (ended) {
      subscriber.complete();
      return undefined;
    }
    const subscription = live.subscribe(subscriber);
    return () => subscription.unsubscribe();
  });
}

/** The values that decode; the rest are dropped (an extra that cannot be read is not shown). */
function decodedValues<T>(source: Observable<Bytes>, decode: (value: Bytes) => Result<T, unknown>): Observable<T> {
  return source.pipe(
    map(decode),
    filter((decoded): decoded is { readonly ok: true; readonly value: T } => decoded.ok),
    map((decoded) => decoded.value),
  );
}

/** Rejects when `promise` takes longer than `ms`: a peripheral that never answers a read must not hold the connect. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LinkError('timeout', `The massager did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects a GATT peripheral and gives it to the app as a byte stream: the profile's state
 * characteristic is what it receives, its control (or limits) characteristic what it writes.
 * `known` is the profile to use (the simulated massager's, or the one kept for a reconnect);
 * without it the profile is matched against what the device offers.
 */
export async function openGattLink(
  client: GattClient,
  profiles: readonly DeviceProfile[],
  known: DeviceProfile | null,
): Promise<OpenedLink> {
  await client.connect();
  // A drop at any moment from here on is this link's end, even one before the app listens.
  let dropped = false;
  const drops = client.disconnected$.pipe(take(1));
  drops.subscribe(() => (dropped = true));
  try {
    const profile = known ?? pickProfile(client.services, client.name, profiles);
    if (!profile) throw new Error('This device does not match any massager profile Easeback knows.');
    const { control, state, limits } = profile.gatt;
    if (!client.properties(control) || !client.properties(state)) {
      throw new Error(`${client.name} does not have the characteristics its profile (${profile.name}) describes.`);
    }
    const values = keptForFirstSubscriber(client.values(state));
    await client.startNotifications(state);
    const link: DeviceLink = {
      values,
      disconnected: new Observable<void>((subscriber) => {
        if (!dropped) return drops.subscribe(subscriber);
        subscriber.next();
        subscriber.complete();
        return undefined;
      }),
      disconnect: () => client.disconnect(),
      write(bytes, to = { endpoint: 'control', purpose: 'must-land' }) {
        const characteristic = to.endpoint === 'limits' ? limits : control;
        const mode = characteristic === null ? null : writeModeFor(client.properties(characteristic), to.purpose);
        if (characteristic === null || mode === null) {
          return Promise.reject(new LinkError('not-permitted', `The massager cannot be written at ${characteristic ?? 'its limits'}.`));
        }
        return client.write(characteristic, bytes, mode);
      },
    };
    return { link, profile, extras: await readExtras(client, profile) };
  } catch (error: unknown) {
    client.disconnect();
    throw error;
  }
}

/**
 * The standard services' reads, one at a time, before the link is handed over (so none of them
 * can overlap a write). They are extras: a device that cannot give them still works, and a read
 * left unanswered ends the reading, not the connect.
 */
async function readExtras(client: GattClient, profile: DeviceProfile): Promise<LinkExtras> {
  const ms = profile.timing.writeTimeoutMs;
  const extras: {
    initialState: Bytes | null;
    battery: number | null;
    battery$: Observable<number> | null;
    info: DeviceInfo;
    thermometerC$: Observable<number | null> | null;
  } = { initialState: null, battery: null, battery$: null, info: { firmware: null, model: null, manufacturer: null }, thermometerC$: null };
  try {
    if (client.properties(profile.gatt.state)?.read) extras.initialState = await within(client.read(profile.gatt.state), ms);
    const battery = client.properties(SIG.batteryLevel);
    if (battery) {
      extras.battery$ = keptForFirstSubscriber(decodedValues(client.values(SIG.batteryLevel), decodeBatteryLevel));
      if (battery.notify) await within(client.startNotifications(SIG.batteryLevel), ms);
      if (battery.read) {
        const decoded = decodeBatteryLevel(await within(client.read(SIG.batteryLevel), ms));
        if (decoded.ok) extras.battery = decoded.value;
      }
    }
    const text = async (uuid: string, label: string) => {
      if (!client.properties(uuid)?.read) return null;
      const decoded = decodeUtf8String(await within(client.read(uuid), ms), label);
      return decoded.ok ? decoded.value : null;
    };
    extras.info = {
      firmware: await text(SIG.firmwareRevision, 'firmware revision'),
      model: await text(SIG.modelNumber, 'model number'),
      manufacturer: await text(SIG.manufacturerName, 'manufacturer'),
    };
    const thermometer = client.properties(SIG.temperatureMeasurement);
    if (thermometer && (thermometer.notify || thermometer.indicate)) {
      extras.thermometerC$ = keptForFirstSubscriber(
        decodedValues(client.values(SIG.temperatureMeasurement), decodeTemperatureMeasurement).pipe(map((reading) => reading.celsius)),
      );
      await within(client.startNotifications(SIG.temperatureMeasurement), ms);
    }
  } catch {
    // Battery and information are extras: what was read so far is kept.
  }
  return extras;
}
