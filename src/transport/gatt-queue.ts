import { Subject } from 'rxjs';
import type { Bytes } from '../core/bytes.js';
import { LinkError, type WriteTo } from './link.js';

/** Whether a write must be known to have landed: the link picks its way of writing from it. */
export type WriteMode = WriteTo['purpose'];

/**
 * What the queue drives, one operation at a time, each at a named target: the app's byte-stream
 * link writes only (its targets are the codec's endpoints); a GATT client also reads and
 * subscribes (its targets are characteristics).
 */
export interface QueueTarget {
  write(target: string, value: Bytes, mode: WriteMode): Promise<void>;
  read?(target: string): Promise<Bytes>;
  startNotifications?(target: string): Promise<void>;
}

export interface QueueOptions {
  /** Least time between the starts of two writes to one characteristic (rate limit). */
  readonly minWriteGapMs: number;
  /** An operation the device never answers fails after this long. */
  readonly opTimeoutMs: number;
  /** Wait before the one retry of a failed write. */
  readonly retryDelayMs: number;
  /**
   * Longest value one write may carry (a serial module at the default ATT MTU takes 20 bytes):
   * a longer one goes out as consecutive writes inside the same operation, so nothing queued can
   * come between its pieces, nor replace one of them.
   */
  readonly maxWriteBytes?: number;
}

export interface QueueClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: QueueClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface QueueFailure {
  readonly kind: 'write-failed' | 'stop-failed' | 'read-failed';
  readonly characteristic: string;
  readonly key: string | null;
  /** A timeout means the link may be wedged: the caller should not expect more writes to land. */
  readonly timedOut: boolean;
  readonly message: string;
}

export interface StopFrame {
  readonly characteristic: string;
  readonly bytes: Bytes;
  readonly mode: WriteMode;
}

type Settle = { ok: true; value?: Bytes } | { ok: false; error: unknown };

interface Op {
  readonly kind: 'write' | 'read' | 'subscribe';
  readonly characteristic: string;
  readonly key: string | null;
  readonly stop: boolean;
  bytes: Bytes | null;
  mode: WriteMode;
  attempts: number;
  notBefore: number;
  waiters: { resolve: (value: Bytes | undefined) => void; reject: (error: unknown) => void }[];
}

export interface QueueStats {
  /** Most operations ever waiting at once (not counting the one in flight). */
  maxPending: number;
  /** Most writes ever waiting at once for any one key: coalescing keeps this at 1. */
  maxPendingPerKey: number;
  /** Most operations ever in flight at once: the single writer keeps this at 1. */
  maxInFlight: number;
  superseded: number;
  dropped: number;
}

/**
 * One writer per device. Every operation on the link goes through here, one at a time, because several
 * platforms refuse a second operation while one is in progress ("GATT operation already in
 * progress"). Writes with the same key are coalesced, latest value wins, so a dragged slider never
 * builds a backlog. A stop jumps the queue, drops every pending write, ignores the rate limit, and
 * goes out the moment the operation in flight ends: it is never refused.
 */
export class GattQueue {
  readonly failures$ = new Subject<QueueFailure>();
  readonly stats: QueueStats = { maxPending: 0, maxPendingPerKey: 0, maxInFlight: 0, superseded: 0, dropped: 0 };

  private readonly _pending: Op[] = [];
  private _inFlight: Op | null = null;
  private _inFlightTimer: unknown = null;
  private _wakeTimer: unknown = null;
  private readonly _lastWriteAt = new Map<string, number>();
  private _closed = false;
  /** An operation went unanswered: the radio may still hold it, so nothing else is started. */
  private _wedged = false;
  private _idleWaiters: (() => void)[] = [];
  private _stopStartWaiters: (() => void)[] = [];

  constructor(
    private readonly _link: QueueTarget,
    private readonly _options: QueueOptions,
    private readonly _clock: QueueClock = realClock,
  ) {}

  /** True once an operation timed out: only dropping the link can get the device to stop now. */
  get wedged(): boolean {
    return this._wedged;
  }

  /** Nothing queued and nothing in flight. */
  get idle(): boolean {
    return this._inFlight === null && this._pending.length === 0;
  }

  /** A stop frame is queued, waiting for the operation in flight to end. */
  get stopWaiting(): boolean {
    return !this._closed && this._pending.some((op) => op.stop);
  }

  get pendingCount(): number {
    return this._pending.length;
  }

  /**
   * Queues a write; a pending write with the same key is replaced by this one, in its place. But
   * if a write to another characteristic was queued after it (the limits a new session's levels
   * depend on), the new value goes to the end instead: a level must never overtake the limits
   * that allow it. Levels of one characteristic do not depend on each other and keep their place.
   */
  write(characteristic: string, bytes: Bytes, key: string, mode: WriteMode): Promise<void> {
    const at = this._pending.findIndex((op) => op.kind === 'write' && !op.stop && op.key === key);
    const existing = this._pending[at];
    if (existing) {
      this.stats.superseded++;
      if (!this._pending.slice(at + 1).some((op) => op.kind === 'write' && op.characteristic !== characteristic)) {
        existing.bytes = bytes;
        existing.mode = mode;
        existing.attempts = 0;
        return this._wait(existing).then(() => undefined);
      }
      this._pending.splice(at, 1);
      const moved = this._op('write', characteristic, key, false, bytes, mode);
      // Whoever waited for the old value learns how its replacement went.
      moved.waiters.push(...existing.waiters);
      this._pending.push(moved);
      return this._enqueued(moved).then(() => undefined);
    }
    const op = this._op('write', characteristic, key, false, bytes, mode);
    this._pending.push(op);
    this._noteDepth(key);
    return this._enqueued(op).then(() => undefined);
  }

  read(characteristic: string): Promise<Bytes> {
    const op = this._op('read', characteristic, null, false, null, 'must-land');
    this._pending.push(op);
    this._noteDepth(null);
    return this._enqueued(op).then((value) => value ?? new Uint8Array(new ArrayBuffer(0)));
  }

  startNotifications(characteristic: string): Promise<void> {
    const op = this._op('subscribe', characteristic, null, false, null, 'must-land');
    this._pending.push(op);
    this._noteDepth(null);
    return this._enqueued(op).then(() => undefined);
  }

  /**
   * Drops every pending write and sends these frames next. Reads and subscriptions stay queued
   * behind the stop: they change nothing on the device.
   */
  stop(frames: readonly StopFrame[]): Promise<void> {
    for (let i = this._pending.length - 1; i >= 0; i--) {
      const op = this._pending[i];
      if (op?.kind === 'write') {
        this._pending.splice(i, 1);
        if (!op.stop) this.stats.dropped++;
        // A dropped write did not fail: the stop that replaces it is what the device should do.
        for (const waiter of op.waiters) waiter.resolve(undefined);
      }
    }
    const ops = frames.map((frame) => this._op('write', frame.characteristic, 'stop', true, frame.bytes, frame.mode));
    this._pending.unshift(...ops);
    const done = Promise.all(ops.map((op) => this._wait(op))).then(() => undefined);
    this._pump();
    return done;
  }

  /**
   * Resolves once no stop frame is waiting: each one has been handed to the link (or the queue
   * ended). A stop waits only for the operation in flight; the page can hold back work of its own
   * until then, so that work does not stand between that operation's answer and the stop.
   */
  whenStopStarted(): Promise<void> {
    if (!this.stopWaiting) return Promise.resolve();
    return new Promise((resolve) => this._stopStartWaiters.push(resolve));
  }

  /** Resolves once nothing is queued or in flight (for a clean disconnect after a stop). */
  whenIdle(): Promise<void> {
    if (this._closed || (!this._inFlight && this._pending.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this._idleWaiters.push(resolve));
  }

  /** Ends the queue: pending operations fail, late answers are ignored. */
  close(reason = 'The link was closed.'): void {
    this._closed = true;
    this._notifyIdle();
    this._notifyStopStarted();
    this._clock.clearTimeout(this._wakeTimer);
    this._clock.clearTimeout(this._inFlightTimer);
    const all = [...this._pending, ...(this._inFlight ? [this._inFlight] : [])];
    this._pending.length = 0;
    this._inFlight = null;
    for (const op of all) for (const waiter of op.waiters) waiter.reject(new LinkError('disconnected', reason));
  }

  private _op(kind: Op['kind'], characteristic: string, key: string | null, stop: boolean, bytes: Bytes | null, mode: WriteMode): Op {
    return { kind, characteristic, key, stop, bytes, mode, attempts: 0, notBefore: 0, waiters: [] };
  }

  private _wait(op: Op): Promise<Bytes | undefined> {
    return new Promise((resolve, reject) => op.waiters.push({ resolve, reject }));
  }

  private _enqueued(op: Op): Promise<Bytes | undefined> {
    if (this._closed) return Promise.reject(new LinkError('disconnected', 'The link is closed.'));
    const waiting = this._wait(op);
    this._pump();
    return waiting;
  }

  private _noteDepth(key: string | null): void {
    this.stats.maxPending = Math.max(this.stats.maxPending, this._pending.length);
    if (key !== null) {
      const sameKey = this._pending.filter((op) => op.kind === 'write' && op.key === key).length;
      this.stats.maxPendingPerKey = Math.max(this.stats.maxPendingPerKey, sameKey);
    }
  }

  /** Picks the next operation that may run now: stops first, writes in order, reads whenever free. */
  private _next(now: number): { op: Op | null; wakeAt: number | null } {
    let writeBlocked = false;
    let wakeAt: number | null = null;
    for (const op of this._pending) {
      if (op.stop) return { op, wakeAt: null };
      if (now < op.notBefore) {
        wakeAt = Math.min(wakeAt ?? Infinity, op.notBefore);
        if (op.kind === 'write') writeBlocked = true;
        continue;
      }
      if (op.kind !== 'write') return { op, wakeAt: null };
      if (writeBlocked) continue; // writes keep their order: limits before the levels they allow
      const readyAt = (this._lastWriteAt.get(op.characteristic) ?? -Infinity) + this._options.minWriteGapMs;
      if (now >= readyAt) return { op, wakeAt: null };
      writeBlocked = true;
      wakeAt = Math.min(wakeAt ?? Infinity, readyAt);
    }
    return { op: null, wakeAt };
  }

  private _notifyStopStarted(): void {
    if (this.stopWaiting) return;
    const waiters = this._stopStartWaiters;
    this._stopStartWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private _notifyIdle(): void {
    const waiters = this._idleWaiters;
    this._idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private _pump(): void {
    if (this._closed || this._inFlight) return;
    if (this._wedged) {
      // Failed quietly: the one timeout was reported, and the owner drops the link on it.
      for (const op of this._pending.splice(0)) {
        for (const waiter of op.waiters) waiter.reject(new LinkError('timeout', 'The link stopped answering.'));
      }
      this._notifyStopStarted();
    }
    if (this._pending.length === 0) {
      this._notifyIdle();
      return;
    }
    this._clock.clearTimeout(this._wakeTimer);
    this._wakeTimer = null;
    const now = this._clock.now();
    const { op, wakeAt } = this._next(now);
    if (!op) {
      if (wakeAt !== null) this._wakeTimer = this._clock.setTimeout(() => this._pump(), Math.max(0, wakeAt - now));
      return;
    }
    this._pending.splice(this._pending.indexOf(op), 1);
    this._run(op, now);
    if (op.stop) this._notifyStopStarted();
  }

  private _run(op: Op, now: number): void {
    this._inFlight = op;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, 1);
    op.attempts++;
    // A retry reuses the op: the attempt number tells a late answer to an earlier try from this one.
    const attempt = op.attempts;
    if (op.kind === 'write') this._lastWriteAt.set(op.characteristic, now);
    this._inFlightTimer = this._clock.setTimeout(
      () =>
        this._settle(op, attempt, {
          ok: false,
          error: new LinkError('timeout', `The massager did not answer within ${this._options.opTimeoutMs} ms.`),
        }),
      this._options.opTimeoutMs,
    );
    let started: Promise<unknown>;
    try {
      started =
        op.kind === 'read'
          ? this._unsupported(this._link.read?.(op.characteristic))
          : op.kind === 'subscribe'
            ? this._unsupported(this._link.startNotifications?.(op.characteristic))
            : this._write(op.characteristic, op.bytes ?? new Uint8Array(new ArrayBuffer(0)), op.mode);
    } catch (error: unknown) {
      started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    started.then(
      (value) => this._settle(op, attempt, value instanceof Uint8Array ? { ok: true, value: value as Bytes } : { ok: true }),
      (error: unknown) => this._settle(op, attempt, { ok: false, error }),
    );
  }

  private _unsupported<T>(started: Promise<T> | undefined): Promise<T> {
    return started ?? Promise.reject(new LinkError('not-permitted', 'A byte stream can only be written.'));
  }

  private async _write(characteristic: string, bytes: Bytes, mode: WriteMode): Promise<void> {
    const max = this._options.maxWriteBytes ?? Infinity;
    if (bytes.length <= max) return this._link.write(characteristic, bytes, mode);
    for (let at = 0; at < bytes.length; at += max) await this._link.write(characteristic, bytes.slice(at, at + max), mode);
  }

  private _settle(op: Op, attempt: number, outcome: Settle): void {
    // A late answer to an operation (or to an earlier attempt of it) that already timed out.
    if (this._inFlight !== op || op.attempts !== attempt) return;
    this._clock.clearTimeout(this._inFlightTimer);
    this._inFlight = null;
    if (outcome.ok) {
      for (const waiter of op.waiters) waiter.resolve(outcome.value);
    } else {
      const timedOut = outcome.error instanceof LinkError && outcome.error.code === 'timeout';
      // A newer value for the same key replaces a failed write, and so does a stop asked for while
      // it was in flight: retrying it would send an old level after the stop.
      const superseded = op.kind === 'write' && !op.stop && this._pending.some((p) => p.kind === 'write' && (p.key === op.key || p.stop));
      // A timed-out operation may still be held by the radio: a retry would stack a second one on it.
      // A target that is missing or refuses this kind of operation refuses it again.
      const refused = outcome.error instanceof LinkError && (outcome.error.code === 'missing' || outcome.error.code === 'not-permitted');
      const retry = !this._closed && !timedOut && !refused && op.attempts < 2 && !superseded;
      if (timedOut) this._wedged = true;
      if (superseded && !timedOut) {
        for (const waiter of op.waiters) waiter.resolve(undefined);
      } else if (retry) {
        op.notBefore = op.stop ? 0 : this._clock.now() + this._options.retryDelayMs;
        this._pending.unshift(op);
      } else {
        for (const waiter of op.waiters) waiter.reject(outcome.error);
        this.failures$.next({
          kind: op.stop ? 'stop-failed' : op.kind === 'write' ? 'write-failed' : 'read-failed',
          characteristic: op.characteristic,
          key: op.key,
          timedOut,
          message: describeError(outcome.error),
        });
      }
    }
    this._pump();
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
