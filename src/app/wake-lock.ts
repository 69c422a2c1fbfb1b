/** The part of the Screen Wake Lock API used here (navigator.wakeLock), so tests can hand in their own. */
export interface WakeLockApi {
  request(type: 'screen'): Promise<WakeLockHandle>;
}

export interface WakeLockHandle {
  readonly released: boolean;
  release(): Promise<void>;
}

/**
 * Keeps the screen on while a session is open, so the countdown, Stop and the check-ins stay in
 * view of someone lying still. The browser drops the lock whenever the page is hidden; it is asked
 * for again when the page comes back, if the session is still open. The session's timing never
 * depends on it: the firmware holds its own deadline and the engine sums real time.
 */
export class ScreenWakeLock {
  private _wanted = false;
  private _handle: WakeLockHandle | null = null;
  private _pending: Promise<void> | null = null;

  constructor(
    private readonly _api: WakeLockApi | undefined,
    private readonly _visible: () => boolean,
  ) {}

  /** Whether the screen is being kept on right now. */
  get held(): boolean {
    return this._handle !== null && !this._handle.released;
  }

  /** A session opened (true) or ended (false). */
  keepAwake(wanted: boolean): void {
    this._wanted = wanted;
    if (wanted) this._acquire();
    else this._release();
  }

  /** The page became visible again: the browser released the lock when it was hidden. */
  pageShown(): void {
    if (this._wanted) this._acquire();
  }

  private _acquire(): void {
    if (!this._api || this.held || this._pending || !this._visible()) return;
    this._pending = this._api
      .request('screen')
      .then(
        (handle) => {
          // The session may have ended while the request was pending.
          if (this._wanted) this._handle = handle;
          else void handle.release().catch(() => undefined);
        },
        // Refused (battery saver, a hidden page, a browser policy): the screen may dim, nothing else changes.
        () => undefined,
      )
      .finally(() => (this._pending = null));
  }

  private _release(): void {
    const handle = this._handle;
    this._handle = null;
    if (handle && !handle.released) void handle.release().catch(() => undefined);
  }
}
