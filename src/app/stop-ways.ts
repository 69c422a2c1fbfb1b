import { BehaviorSubject, distinctUntilChanged, map } from 'rxjs';
import { isOpen } from '../core/session/machine.js';
import type { LoudSoundState } from '../core/stop/loud-sound.js';
import type { SessionService } from './session-service.js';
import type { LoudSoundListener } from './sound/loud-sound-listener.js';
import type { AppStore } from './store.js';

/** What the listening indicator shows. */
export type ListeningStatus =
  | { readonly kind: 'off' }
  | { readonly kind: 'opening' }
  | { readonly kind: 'calibrating'; readonly levelDb: number }
  | { readonly kind: 'listening'; readonly levelDb: number; readonly thresholdDb: number }
  | { readonly kind: 'heard' }
  | { readonly kind: 'unavailable'; readonly message: string };

/** The microphone as this page has used it: for the listening indicator and for tests. */
export interface MicrophoneUse {
  /** getUserMedia calls made since the page loaded. */
  readonly requests: number;
  /** Whether a microphone track the page holds is live right now. */
  readonly open: boolean;
  /** The readyState of each microphone track of the current or last session ('live', 'ended'). */
  readonly trackStates: readonly MediaStreamTrackState[];
}

/** Indicator updates at most this often (ms): the level changes every 10 ms, a person reads far slower. */
const INDICATOR_EVERY_MS = 150;

/**
 * Ways to stop without reaching the button, as far as the app layer goes. A loud sound stops the
 * session when the person has turned it on (kept in this browser). The microphone is opened when
 * a session opens and released when it ends, never otherwise; the code that listens is loaded then.
 */
export class StopWays {
  readonly loudSound$ = new BehaviorSubject(false);
  readonly listening$ = new BehaviorSubject<ListeningStatus>({ kind: 'off' });
  /** The rule's state when it last heard a loud sound (levels and times only): for the bench and tests. */
  lastHeard: LoudSoundState | null = null;
  private _listener: LoudSoundListener | null = null;
  /** The last session's microphone, kept to show that its tracks ended. */
  private _lastStream: MediaStream | null = null;
  private _requests = 0;
  private _indicatorAt = -Infinity;

  constructor(
    private readonly _store: AppStore,
    private readonly _session: SessionService,
  ) {
    const open$ = this._session.state$.pipe(
      map((state) => isOpen(state.session)),
      distinctUntilChanged(),
    );
    // Two sources combined by hand: combineLatest would pull more of RxJS into the first screen.
    let open = false;
    open$.subscribe((value) => {
      open = value;
      this._update(open && this.loudSound$.value);
    });
    this.loudSound$.pipe(distinctUntilChanged()).subscribe((on) => this._update(open && on));
  }

  microphone(): MicrophoneUse {
    const tracks = (this._listener?.stream ?? this._lastStream)?.getTracks() ?? [];
    return {
      requests: this._requests,
      open: tracks.some((track) => track.readyState === 'live'),
      trackStates: tracks.map((track) => track.readyState),
    };
  }

  async load(): Promise<void> {
    this.loudSound$.next(await this._store.readLoudSoundStop());
  }

  async setLoudSound(on: boolean): Promise<void> {
    this.loudSound$.next(on);
    await this._store.putLoudSoundStop(on);
  }

  private _update(listen: boolean): void {
    if (listen && !this._listener) void this._listen();
    if (!listen && this._listener) {
      this._lastStream = this._listener.stream;
      this._listener.close();
      this._listener = null;
      this.listening$.next({ kind: 'off' });
    }
  }

  private async _listen(): Promise<void> {
    this.listening$.next({ kind: 'opening' });
    const { LoudSoundListener } = await import('./sound/loud-sound-listener.js');
    // The session may have ended while the code loaded.
    if (!isOpen(this._session.state.session) || !this.loudSound$.value || this._listener) return;
    const listener = new LoudSoundListener({
      heard: (state) => {
        this.lastHeard = state;
        this.listening$.next({ kind: 'heard' });
        // Ends the session, which closes the microphone in the same task.
        this._session.stop('sound');
      },
      update: (state) => this._show(state),
    });
    this._listener = listener;
    this._requests += 1;
    try {
      await listener.open();
    } catch (error: unknown) {
      listener.close();
      if (this._listener !== listener) return;
      this._listener = null;
      const denied = error instanceof DOMException && error.name === 'NotAllowedError';
      this.listening$.next({
        kind: 'unavailable',
        message: denied
          ? 'The microphone is blocked for this site, so a loud sound cannot stop this session.'
          : 'No microphone could be opened, so a loud sound cannot stop this session.',
      });
    }
  }

  private _show(state: LoudSoundState): void {
    if (state.phase === 'heard') return;
    const now = performance.now();
    const current = this.listening$.value.kind;
    const phaseChanged = current !== state.phase;
    if (!phaseChanged && now - this._indicatorAt < INDICATOR_EVERY_MS) return;
    this._indicatorAt = now;
    this.listening$.next(
      state.phase === 'listening'
        ? { kind: 'listening', levelDb: state.levelDb, thresholdDb: state.thresholdDb ?? 0 }
        : { kind: 'calibrating', levelDb: state.levelDb },
    );
  }
}
