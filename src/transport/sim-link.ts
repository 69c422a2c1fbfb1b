import { Observable, Subject } from 'rxjs';
import { copyBytes, type Bytes } from '../core/bytes.js';
import type { DeviceProfile } from '../core/profile/types.js';
import type { SimulatedPeripheral } from '../sim/peripheral.js';
import { openGattLink, type CharacteristicProperties, type GattClient, type WriteMode } from './gatt-link.js';
import { LinkError, type DeviceConnector, type OpenedLink } from './link.js';

export interface SimLinkOptions {
  /** One-way radio delay added to every operation, as a real link would. */
  readonly latencyMs?: number;
  readonly connectMs?: number;
  /** How often the firmware's clock is advanced while connected. */
  readonly tickMs?: number;
  readonly now?: () => number;
}

/**
 * The simulated massager as a device to connect: the firmware runs in the page, and every command
 * goes to it as bytes through the same codec, queue and session as a Bluetooth device's would. The
 * firmware is a GATT peripheral (the browser tests put the same object on Chromium's emulated
 * adapter), so it is opened like a Bluetooth device, and the app gets the same byte-stream link.
 */
export class SimLink implements DeviceConnector {
  readonly kind = 'simulated' as const;
  readonly id = 'simulated-massager';
  private readonly _gatt: SimGatt;

  constructor(
    readonly firmware: SimulatedPeripheral,
    options: SimLinkOptions = {},
  ) {
    this._gatt = new SimGatt(firmware, options);
  }

  get name(): string {
    return this.firmware.name;
  }

  open(profiles: readonly DeviceProfile[], known: DeviceProfile | null): Promise<OpenedLink> {
    return openGattLink(this._gatt, profiles, known);
  }

  /** The radio link drops under the app, as if the massager went out of range. */
  dropLink(): void {
    this._gatt.disconnect();
  }
}

/** The in-page firmware at the level of GATT operations, with a radio's delays. */
class SimGatt implements GattClient {
  readonly disconnected$ = new Subject<void>();

  private _connected = false;
  private _ticker: ReturnType<typeof setInterval> | null = null;
  private readonly _values = new Subject<{ characteristic: string; value: Bytes }>();
  private readonly _latencyMs: number;
  private readonly _connectMs: number;
  private readonly _tickMs: number;
  private readonly _now: () => number;
  private _unlisten: (() => void) | null = null;

  constructor(
    readonly firmware: SimulatedPeripheral,
    options: SimLinkOptions = {},
  ) {
    this._latencyMs = options.latencyMs ?? 6;
    this._connectMs = options.connectMs ?? 250;
    this._tickMs = options.tickMs ?? 200;
    this._now = options.now ?? (() => performance.now());
  }

  get name(): string {
    return this.firmware.name;
  }

  get services(): readonly string[] {
    return this.firmware.services.map((service) => service.uuid);
  }

  get connected(): boolean {
    return this._connected;
  }

  async connect(): Promise<void> {
    await this._delay(this._connectMs);
    this.firmware.connect(this._now());
    this._connected = true;
    this._unlisten = this.firmware.onNotify((characteristic, value) => {
      // Delivered after the radio delay, like a real notification.
      setTimeout(() => {
        if (this._connected) this._values.next({ characteristic, value: copyBytes(value) });
      }, this._latencyMs);
    });
    this._ticker = setInterval(() => this.firmware.tick(this._now()), this._tickMs);
  }

  disconnect(): void {
    if (!this._connected) return;
    this._connected = false;
    if (this._ticker !== null) clearInterval(this._ticker);
    this._ticker = null;
    this._unlisten?.();
    this._unlisten = null;
    this.firmware.linkLost(this._now());
    this.disconnected$.next();
  }

  properties(characteristic: string): CharacteristicProperties | null {
    for (const service of this.firmware.services) {
      const found = service.characteristics.find((c) => c.uuid === characteristic);
      if (found) {
        const p = found.properties;
        return {
          read: p.read ?? false,
          write: p.write ?? false,
          writeWithoutResponse: p.writeWithoutResponse ?? false,
          notify: p.notify ?? false,
          indicate: p.indicate ?? false,
        };
      }
    }
    return null;
  }

  async read(characteristic: string): Promise<Bytes> {
    this._require(characteristic, 'read');
    await this._delay(this._latencyMs * 2);
    this._requireConnected();
    const result = this.firmware.read(characteristic, this._now());
    if (!('value' in result)) throw new LinkError('gatt', `GATT read failed (ATT error 0x${result.code.toString(16)})`);
    return copyBytes(result.value);
  }

  async write(characteristic: string, value: Bytes, mode: WriteMode): Promise<void> {
    this._require(characteristic, mode === 'with-response' ? 'write' : 'writeWithoutResponse');
    const frame = copyBytes(value);
    if (mode === 'without-response') {
      // No answer comes back; the bytes land after the radio delay.
      setTimeout(() => {
        if (this._connected) this.firmware.write(characteristic, frame, this._now());
      }, this._latencyMs);
      return;
    }
    await this._delay(this._latencyMs);
    this._requireConnected();
    const code = this.firmware.write(characteristic, frame, this._now());
    await this._delay(this._latencyMs);
    if (code !== 0) throw new LinkError('gatt', `The massager refused the write (ATT error 0x${code.toString(16)}).`);
  }

  async startNotifications(characteristic: string): Promise<void> {
    const props = this._require(characteristic, null);
    if (!props.notify && !props.indicate) throw new LinkError('not-permitted', `${characteristic} does not notify`);
    await this._delay(this._latencyMs * 2);
    this._requireConnected();
    this.firmware.setNotifying(characteristic, true);
  }

  values(characteristic: string): Observable<Bytes> {
    return new Observable<Bytes>((subscriber) => {
      const subscription = this._values.subscribe(({ characteristic: from, value }) => {
        if (from === characteristic) subscriber.next(value);
      });
      const ended = this.disconnected$.subscribe(() => subscriber.complete());
      return () => {
        subscription.unsubscribe();
        ended.unsubscribe();
      };
    });
  }

  private _require(characteristic: string, property: keyof CharacteristicProperties | null): CharacteristicProperties {
    this._requireConnected();
    const props = this.properties(characteristic);
    if (!props) throw new LinkError('missing', `The massager has no characteristic ${characteristic}.`);
    if (property && !props[property]) throw new LinkError('not-permitted', `${characteristic} does not allow ${property}.`);
    return props;
  }

  private _requireConnected(): void {
    if (!this._connected) throw new LinkError('disconnected', 'The simulated massager is not connected.');
  }

  private _delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
