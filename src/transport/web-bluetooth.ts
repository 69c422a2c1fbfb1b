import { fromEvent, Observable, Subject, takeUntil } from 'rxjs';
import { copyBytes, type Bytes } from '../core/bytes.js';
import type { DeviceProfile, StandardService } from '../core/profile/types.js';
import { SIG } from '../core/profile/uuid.js';
import { openGattLink, type CharacteristicProperties, type GattClient, type WriteMode } from './gatt-link.js';
import { LinkError, type DeviceConnector, type OpenedLink } from './link.js';

/**
 * The only module that touches navigator.bluetooth. Everything above it sees a DeviceConnector,
 * and through it a byte-stream DeviceLink.
 */
const STANDARD_SERVICE_UUIDS: Readonly<Record<StandardService, string>> = {
  battery: SIG.batteryService,
  deviceInformation: SIG.deviceInformationService,
  healthThermometer: SIG.healthThermometerService,
};

/** Filters and optional services from every profile, so one chooser offers every known massager. */
export function requestOptions(profiles: readonly DeviceProfile[]): RequestDeviceOptions {
  const filters: BluetoothLEScanFilter[] = [];
  const optional = new Set<string>();
  for (const profile of profiles) {
    for (const namePrefix of profile.match.namePrefixes) filters.push({ namePrefix });
    for (const service of profile.match.services) filters.push({ services: [service] });
    optional.add(profile.gatt.service);
    for (const standard of profile.standardServices) optional.add(STANDARD_SERVICE_UUIDS[standard]);
  }
  return { filters, optionalServices: [...optional] };
}

export type ChooserOutcome =
  | { readonly kind: 'chosen'; readonly device: BluetoothDevice }
  /** The person closed the chooser: not an error, a moment to offer help. */
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'no-adapter' }
  | { readonly kind: 'failed'; readonly message: string };

/** Must be called from inside the click that asked for it: browsers require the user's gesture. */
export async function chooseDevice(profiles: readonly DeviceProfile[]): Promise<ChooserOutcome> {
  try {
    const device = await navigator.bluetooth.requestDevice(requestOptions(profiles));
    return { kind: 'chosen', device };
  } catch (error: unknown) {
    if (error instanceof DOMException && error.name === 'NotFoundError') {
      return /adapter/i.test(error.message) ? { kind: 'no-adapter' } : { kind: 'cancelled' };
    }
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Devices this site was allowed before, where the browser supports it (getDevices). */
export async function rememberedDevices(): Promise<BluetoothDevice[]> {
  const bluetooth = navigator.bluetooth as Bluetooth & { getDevices?: () => Promise<BluetoothDevice[]> };
  if (typeof bluetooth.getDevices !== 'function') return [];
  try {
    return await bluetooth.getDevices();
  } catch {
    return [];
  }
}

export async function adapterAvailable(): Promise<boolean> {
  try {
    return await navigator.bluetooth.getAvailability();
  } catch {
    return false;
  }
}

export function hasWebBluetooth(): boolean {
  return typeof navigator !== 'undefined' && 'bluetooth' in navigator;
}

function propertiesOf(characteristic: BluetoothRemoteGATTCharacteristic): CharacteristicProperties {
  const p = characteristic.properties;
  return { read: p.read, write: p.write, writeWithoutResponse: p.writeWithoutResponse, notify: p.notify, indicate: p.indicate };
}

/** A chosen Bluetooth device: each open connects it, matches its profile and reads its standard services. */
export class WebBluetoothConnector implements DeviceConnector {
  readonly kind = 'bluetooth' as const;
  private readonly _gatt: WebBluetoothGatt;

  constructor(device: BluetoothDevice) {
    this._gatt = new WebBluetoothGatt(device);
  }

  get id(): string {
    return this._gatt.id;
  }

  get name(): string {
    return this._gatt.name;
  }

  open(profiles: readonly DeviceProfile[], known: DeviceProfile | null): Promise<OpenedLink> {
    return openGattLink(this._gatt, profiles, known);
  }
}

class WebBluetoothGatt implements GattClient {
  readonly disconnected$ = new Subject<void>();
  private _characteristics = new Map<string, BluetoothRemoteGATTCharacteristic>();
  private _services: string[] = [];

  constructor(private readonly _device: BluetoothDevice) {
    _device.addEventListener('gattserverdisconnected', () => this.disconnected$.next());
  }

  get id(): string {
    return this._device.id;
  }

  get name(): string {
    return this._device.name ?? 'Bluetooth massager';
  }

  get connected(): boolean {
    return this._device.gatt?.connected ?? false;
  }

  get services(): readonly string[] {
    return this._services;
  }

  async connect(): Promise<void> {
    const gatt = this._device.gatt;
    if (!gatt) throw new LinkError('missing', 'This device has no GATT server.');
    const server = await gatt.connect();
    // Characteristic objects from before a reconnect are no longer valid: look all of them up again.
    const characteristics = new Map<string, BluetoothRemoteGATTCharacteristic>();
    const services = await server.getPrimaryServices();
    for (const service of services) {
      for (const characteristic of await service.getCharacteristics()) {
        characteristics.set(characteristic.uuid, characteristic);
      }
    }
    this._characteristics = characteristics;
    this._services = services.map((service) => service.uuid);
  }

  disconnect(): void {
    this._device.gatt?.disconnect();
  }

  properties(characteristic: string): CharacteristicProperties | null {
    const found = this._characteristics.get(characteristic);
    return found ? propertiesOf(found) : null;
  }

  async read(characteristic: string): Promise<Bytes> {
    const found = this._require(characteristic);
    if (!found.properties.read) throw new LinkError('not-permitted', `${characteristic} cannot be read`);
    return copyBytes(await found.readValue());
  }

  async write(characteristic: string, value: Bytes, mode: WriteMode): Promise<void> {
    const found = this._require(characteristic);
    if (mode === 'with-response') await found.writeValueWithResponse(value);
    else await found.writeValueWithoutResponse(value);
  }

  async startNotifications(characteristic: string): Promise<void> {
    await this._require(characteristic).startNotifications();
  }

  values(characteristic: string): Observable<Bytes> {
    const found = this._characteristics.get(characteristic);
    if (!found) return new Observable((subscriber) => subscriber.complete());
    return new Observable<Bytes>((subscriber) => {
      const onValue = () => {
        if (found.value) subscriber.next(copyBytes(found.value));
      };
      found.addEventListener('characteristicvaluechanged', onValue);
      return () => found.removeEventListener('characteristicvaluechanged', onValue);
    }).pipe(takeUntil(fromEvent(this._device, 'gattserverdisconnected')));
  }

  private _require(characteristic: string): BluetoothRemoteGATTCharacteristic {
    const found = this._characteristics.get(characteristic);
    if (!found) throw new LinkError('missing', `The massager has no characteristic ${characteristic}.`);
    return found;
  }
}
