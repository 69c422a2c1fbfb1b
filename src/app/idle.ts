/**
 * Start-up work the first screen does not need (loading the Bluetooth module, the profiles, the
 * tab coordinator, the other ways to stop), run one piece at a time when the page is idle.
 *
 * Why: on a slow phone each piece is a long task. Fired all at once just after the store is read,
 * they queued behind one another and in front of the person's first tap (Lighthouse counts that
 * as total blocking time). One piece per idle period leaves the main thread free between them,
 * and the timeout still gets every piece done within a few seconds on a busy page. Nothing that
 * keeps a person safe waits here: STOP, Escape, the stored hold and the safety questions are all
 * ready before any of it runs.
 */
export interface IdleScheduler {
  /** Calls `run` once the page is idle, or after `timeoutMs` at the latest. */
  schedule(run: () => void, timeoutMs: number): void;
}

/** requestIdleCallback where the browser has it (Chrome does); a plain timer elsewhere. */
export const browserIdle: IdleScheduler = {
  schedule(run, timeoutMs) {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: timeoutMs });
    else setTimeout(run, 0);
  },
};

export class IdleQueue {
  private readonly _pending: (() => unknown)[] = [];
  private _scheduled = false;

  constructor(
    private readonly _scheduler: IdleScheduler = browserIdle,
    /** How long a piece may wait for an idle period: a judgment, short enough that Connect finds everything loaded. */
    private readonly _timeoutMs = 1500,
  ) {}

  /** Queues `task`; it runs after the ones queued before it, in an idle period of its own. */
  add(task: () => unknown): void {
    this._pending.push(task);
    this._next();
  }

  private _next(): void {
    if (this._scheduled || this._pending.length === 0) return;
    this._scheduled = true;
    this._scheduler.schedule(() => {
      const task = this._pending.shift();
      let result: unknown;
      try {
        result = task?.();
      } catch {
        // A failed piece is the caller's to report (it has its own fallback): the rest still run.
      }
      // A piece that loads a module runs on when the module arrives: the next one waits for that
      // (at most the timeout, so one that never settles holds up nothing for long).
      const settled = result instanceof Promise ? result.catch(() => undefined) : Promise.resolve();
      void Promise.race([settled, new Promise((resolve) => setTimeout(resolve, this._timeoutMs))]).then(() => {
        this._scheduled = false;
        this._next();
      });
    }, this._timeoutMs);
  }
}
