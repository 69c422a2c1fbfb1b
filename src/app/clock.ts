/**
 * The app's clock: milliseconds since 1970 as the engine, the journal and the locks count them.
 *
 * While the page is shown it runs on the monotonic clock (performance.now() from a fixed origin
 * taken at start-up), so setting the computer's clock back or ahead changes nothing a running
 * session measures: not its length, its pause, its heat time, nor a lock or a rest.
 *
 * A hidden page (a phone screen gone dark, a tab in the background) may be suspended, and on some
 * systems the monotonic clock stops with it. When the page is shown again, time is caught up to
 * the wall clock, forward only, by however much more the wall clock moved while hidden. That
 * makes a session end no later than it should; a clock set ahead while hidden can shorten a rest,
 * as it can while the app is closed (README, "Clock changes"), and never lifts a lock unasked
 * (core/safety/hold.ts, expireLock).
 */
export class AppClock {
  private _offset: number;
  private _last = -Infinity;
  private _hiddenAt: { readonly mono: number; readonly wall: number } | null = null;

  constructor(
    private readonly _mono: () => number = () => performance.now(),
    private readonly _wall: () => number = () => Date.now(),
  ) {
    this._offset = _wall() - _mono();
  }

  /** Never goes backwards. */
  readonly now = (): number => {
    const now = Math.max(this._last, Math.round(this._mono() + this._offset));
    this._last = now;
    return now;
  };

  pageHidden(): void {
    this._hiddenAt ??= { mono: this._mono(), wall: this._wall() };
  }

  pageShown(): void {
    const hidden = this._hiddenAt;
    this._hiddenAt = null;
    if (!hidden) return;
    const lost = this._wall() - hidden.wall - (this._mono() - hidden.mono);
    if (lost > 0) this._offset += lost;
  }
}
