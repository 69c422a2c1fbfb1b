import { toHex, type Bytes } from '../../../src/core/bytes.js';
import type { QueueClock } from '../../../src/transport/gatt-queue.js';
import type { WriteMode } from '../../../src/transport/gatt-queue.js';
import { LinkError } from '../../../src/transport/link.js';

/** Lets every pending promise callback run (they are microtasks; setImmediate comes after them). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A clock that only moves when the test says so, firing due timers in order. */
export class FakeClock implements QueueClock {
  private _now = 0;
  private _nextId = 1;
  private readonly _timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this._now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this._nextId++;
    this._timers.set(id, { at: this._now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this._timers.delete(handle as number);
  }

  /** Moves time forward, running each timer at its own moment and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this._now + ms;
    await flush();
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | null = null;
      for (const entry of this._timers) if (entry[1].at <= target && (next === null || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this._timers.delete(next[0]);
      this._now = next[1].at;
      next[1].callback();
      await flush();
    }
    this._now = target;
    await flush();
  }
}

export interface LinkCall {
  readonly kind: 'write' | 'read' | 'subscribe';
  readonly characteristic: string;
  /** Hex of the bytes written; '' for reads and subscriptions. */
  readonly hex: string;
  readonly mode: WriteMode | null;
  readonly startedAt: number;
  answered: boolean;
  answer(value?: Bytes): void;
  fail(error?: unknown): void;
}

/**
 * A link whose operations stay open until the test answers them, so a test decides exactly when
 * the device replies (or that it never does). Counts operations the device is working on at once.
 */
export class FakeLink {
  readonly calls: LinkCall[] = [];
  /** Answer every operation at once (on the next microtask) instead of waiting for the test. */
  autoAnswer = false;
  private _open = 0;
  maxOpen = 0;

  constructor(private readonly _clock: FakeClock) {}

  write(characteristic: string, value: Bytes, mode: WriteMode): Promise<void> {
    return this._start('write', characteristic, toHex(value), mode).then(() => undefined);
  }

  read(characteristic: string): Promise<Bytes> {
    return this._start('read', characteristic, '', null).then((value) => value ?? new Uint8Array(new ArrayBuffer(0)));
  }

  startNotifications(characteristic: string): Promise<void> {
    return this._start('subscribe', characteristic, '', null).then(() => undefined);
  }

  /** Calls the device has not answered yet, oldest first. */
  get unanswered(): LinkCall[] {
    return this.calls.filter((call) => !call.answered);
  }

  get last(): LinkCall {
    const call = this.calls.at(-1);
    if (!call) throw new Error('no call reached the link');
    return call;
  }

  /** The writes that reached the device, as "characteristic:hex". */
  get writes(): string[] {
    return this.calls.filter((c) => c.kind === 'write').map((c) => `${c.characteristic}:${c.hex}`);
  }

  private _start(kind: LinkCall['kind'], characteristic: string, hex: string, mode: WriteMode | null): Promise<Bytes | undefined> {
    this._open++;
    this.maxOpen = Math.max(this.maxOpen, this._open);
    return new Promise((resolve, reject) => {
      const settle = () => {
        if (call.answered) throw new Error('a call was answered twice');
        call.answered = true;
        this._open--;
      };
      const call: LinkCall = {
        kind,
        characteristic,
        hex,
        mode,
        startedAt: this._clock.now(),
        answered: false,
        answer: (value) => {
          settle();
          resolve(value);
        },
        fail: (error = new LinkError('gatt', 'GATT write failed (ATT error 0x80)')) => {
          settle();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      };
      this.calls.push(call);
      if (this.autoAnswer) queueMicrotask(() => call.answer());
    });
  }
}
