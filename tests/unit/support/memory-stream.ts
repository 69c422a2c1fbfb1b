import { Subject } from 'rxjs';
import type { Bytes } from '../../../src/core/bytes.js';
import type { DeviceProfile } from '../../../src/core/profile/types.js';
import type { DeviceConnector, DeviceLink, OpenedLink } from '../../../src/transport/link.js';

/** One write the stream took, and how to answer it (a serial port's drain, say). */
export interface StreamWrite {
  readonly text: string;
  readonly hex: string;
  done(): void;
}

/**
 * A device on a plain in-memory byte stream, as a Web Serial port or a USB-serial bridge would
 * give one: bytes in, chunks of bytes out, an end. No services, no characteristics, no reads.
 * It cannot say what it is, so it takes the profile it is given.
 */
export class MemoryStreamConnector implements DeviceConnector {
  readonly kind = 'stream' as const;
  readonly id = 'memory-stream';
  readonly name = 'Serial massager';
  /** Every write in order, over every open. */
  readonly writes: StreamWrite[] = [];
  /** Answer writes at once; when false, each waits for its `done()`. */
  autoDrain = true;
  opens = 0;
  writesInFlight = 0;
  maxWritesInFlight = 0;
  private _current: { received: Subject<Bytes>; ended: Subject<void>; open: boolean } | null = null;

  open(_profiles: readonly DeviceProfile[], known: DeviceProfile | null): Promise<OpenedLink> {
    if (!known) return Promise.reject(new Error('A byte stream cannot say which massager it is: choose its profile.'));
    this.opens++;
    const current = { received: new Subject<Bytes>(), ended: new Subject<void>(), open: true };
    this._current = current;
    const link: DeviceLink = {
      values: current.received.asObservable(),
      disconnected: current.ended.asObservable(),
      disconnect: () => this._end(current),
      write: (bytes) => {
        if (!current.open) return Promise.reject(new Error('The stream is closed.'));
        this.writesInFlight++;
        this.maxWritesInFlight = Math.max(this.maxWritesInFlight, this.writesInFlight);
        return new Promise<void>((resolve) => {
          const write: StreamWrite = {
            text: new TextDecoder().decode(bytes),
            hex: [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(''),
            done: () => {
              this.writesInFlight--;
              resolve();
            },
          };
          this.writes.push(write);
          if (this.autoDrain) write.done();
        });
      },
    };
    return Promise.resolve({ link, profile: known, extras: null });
  }

  /** The device sends these bytes, as text, in one chunk. */
  send(text: string): void {
    this._current?.received.next(new TextEncoder().encode(text));
  }

  /** The cable is pulled. */
  unplug(): void {
    if (this._current) this._end(this._current);
  }

  /** Everything the device was sent, as one text. */
  get heard(): string {
    return this.writes.map((w) => w.text).join('');
  }

  private _end(current: { received: Subject<Bytes>; ended: Subject<void>; open: boolean }): void {
    if (!current.open) return;
    current.open = false;
    current.received.complete();
    current.ended.next();
    current.ended.complete();
  }
}
