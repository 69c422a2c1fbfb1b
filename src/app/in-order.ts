/**
 * Runs inputs one at a time, in the order they came. Handling one can raise another at once (a
 * write that fails reports synchronously): that one waits until the current one is done, so an
 * engine never sees an event in the middle of applying the one before it.
 */
export class InOrder<T> {
  private _running = false;
  private readonly _backlog: T[] = [];

  constructor(private readonly _apply: (input: T) => void) {}

  run(input: T): void {
    this._backlog.push(input);
    if (this._running) return;
    this._running = true;
    try {
      for (let next = this._backlog.shift(); next !== undefined; next = this._backlog.shift()) this._apply(next);
    } finally {
      this._running = false;
    }
  }
}
