/**
 * Time that moves only when told to, for the whole process: setTimeout, setInterval, Date.now and
 * performance.now are replaced while installed, so the app layer (SessionService, DeviceConnection,
 * GattQueue, SimLink), which reads the real globals, runs hours in seconds. Between two timers the
 * promise callbacks they started all run, so `await delay(6)` chains behave as they do for real.
 *
 * Test runners keep their own copies of the real timers, so their timeouts still work.
 */
interface Timer {
  readonly id: number;
  at: number;
  readonly every: number | null;
  readonly callback: (...args: unknown[]) => void;
  readonly args: unknown[];
}

type Globals = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'>;

const realSetImmediate = globalThis.setImmediate;

/** Lets every promise callback queued so far run (setImmediate comes after the microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export class VirtualTime {
  private _now: number;
  private readonly _origin: number;
  private _nextId = 1;
  private readonly _timers = new Map<number, Timer>();
  private _saved: { globals: Globals; dateNow: () => number; performanceNow: () => number } | null = null;

  constructor(start = Date.UTC(2025, 2, 3, 8, 0, 0)) {
    this._now = start;
    this._origin = start;
  }

  /** Milliseconds since 1970, as Date.now() gives while installed. */
  get now(): number {
    return this._now;
  }

  /** Timers still scheduled: a clean app leaves none behind but its own steady tickers. */
  get timerCount(): number {
    return this._timers.size;
  }

  install(): this {
    if (this._saved) return this;
    this._saved = {
      globals: {
        setTimeout: globalThis.setTimeout,
        clearTimeout: globalThis.clearTimeout,
        setInterval: globalThis.setInterval,
        clearInterval: globalThis.clearInterval,
      },
      dateNow: Date.now,
      // eslint-disable-next-line @typescript-eslint/unbound-method -- put back exactly as found
      performanceNow: performance.now,
    };
    const schedule =
      (every: boolean) =>
      (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        const delay = Math.max(every ? 1 : 0, Number(ms) || 0);
        const id = this._nextId++;
        this._timers.set(id, { id, at: this._now + delay, every: every ? delay : null, callback, args });
        return id;
      };
    const cancel = (id: unknown) => {
      this._timers.delete(id as number);
    };
    Object.assign(globalThis, {
      setTimeout: schedule(false),
      setInterval: schedule(true),
      clearTimeout: cancel,
      clearInterval: cancel,
    });
    Date.now = () => this._now;
    performance.now = () => this._now - this._origin;
    return this;
  }

  uninstall(): void {
    const saved = this._saved;
    if (!saved) return;
    Object.assign(globalThis, saved.globals);
    Date.now = saved.dateNow;
    // The instance property hides the prototype's method; removing it brings the real one back.
    delete (performance as { now?: unknown }).now;
    this._saved = null;
    this._timers.clear();
  }

  /** Moves time forward by `ms`, running each timer at its own moment, in order. */
  async advance(ms: number): Promise<void> {
    const target = this._now + ms;
    await settle();
    for (;;) {
      let next: Timer | null = null;
      for (const timer of this._timers.values()) {
        if (timer.at <= target && (next === null || timer.at < next.at || (timer.at === next.at && timer.id < next.id))) next = timer;
      }
      if (!next) break;
      this._now = Math.max(this._now, next.at);
      if (next.every === null) this._timers.delete(next.id);
      else next.at += next.every;
      next.callback(...next.args);
      await settle();
    }
    this._now = target;
    await settle();
  }
}
