import { BehaviorSubject, distinctUntilChanged, map, Subject, type Subscription } from 'rxjs';
import { vetKeepalive } from '../core/safety/vet.js';
import { initialState, isActive, isOpen, step } from '../core/session/machine.js';
import type { MachineState, Notice, SessionEvent, StopSource } from '../core/session/types.js';
import type { ConnectionState, DeviceConnection } from './device-connection.js';
import { InOrder } from './in-order.js';

type ConnectedState = Extract<ConnectionState, { phase: 'connected' }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type SessionInput = DistributiveOmit<SessionEvent, 'at'>;

/**
 * Longest the views are kept from hearing of a stop that waits for a write in flight (a judgment:
 * a tenth of a second is about the least delay a person notices between a press and its answer;
 * a write's answer normally comes in a few milliseconds).
 */
export const VIEW_HOLD_MAX_MS = 100;

/** Garbled frames in a row, during a session, that end it: the device may not be doing what we think. */
export const GARBLED_FRAMES_BEFORE_STOP = 3;

/**
 * Wires the pure session engine to the device and the clock. `dispatch` is synchronous from the
 * event to the queue, so a Stop press reaches the single-writer queue within the same task.
 */
export class SessionService {
  readonly state$: BehaviorSubject<MachineState>;
  readonly notices$ = new Subject<Notice>();
  /** Every event applied, for the journal. */
  readonly applied$ = new Subject<{ event: SessionEvent; state: MachineState }>();

  private readonly _subscriptions: Subscription[] = [];
  private readonly _inOrder = new InOrder<SessionInput>((input) => this._apply(input));
  private _ticker: ReturnType<typeof setInterval> | null = null;
  private _keepalive: ReturnType<typeof setInterval> | null = null;
  private _keepaliveEveryMs: number | null = null;
  private _keepaliveSentAt = 0;
  /** The engine's state: ahead of state$ while the view is held back for a stop (below). */
  private _state: MachineState;
  /** Applied events the views have not been told of yet, in order. */
  private readonly _unseen: { event: SessionEvent; state: MachineState; notices: Notice[] }[] = [];
  private _viewHeld = false;
  private _viewHoldTimer: ReturnType<typeof setTimeout> | null = null;
  private _telling = false;

  constructor(
    private readonly _device: DeviceConnection,
    private readonly _clock: () => number = () => Date.now(),
  ) {
    this._state = initialState('gentle', _clock());
    this.state$ = new BehaviorSubject(this._state);
    this._wireDevice();
    this._wireKeepalive();
  }

  /** The engine's latest state (state$ may trail it by the moments a stop is held for, below). */
  get state(): MachineState {
    return this._state;
  }

  dispatch(input: SessionInput): void {
    // Effects can raise events (a failed write reports at once); those run after this one, in order.
    this._inOrder.run(input);
  }

  /** Every way to stop comes here: the source only tells the journal what stopped the session. */
  stop(source?: StopSource): void {
    this.dispatch(source ? { type: 'stop', source } : { type: 'stop' });
  }

  /**
   * Ticks drive countdowns, ramps and check-ins; the engine sums real time, so throttled ticks are
   * fine. With no session open a tick only moves the clock the page reads (a lock or a rest
   * running out, shown to the minute): once a second is then enough, and the page is not redrawn
   * four times a second for nothing, on a phone's battery.
   */
  startTicking(everyMs = 250, idleEveryMs = 1000): void {
    if (this._ticker !== null) return;
    let lastIdleTick = Number.NEGATIVE_INFINITY;
    this._ticker = setInterval(() => {
      if (!isOpen(this._state.session)) {
        const now = this._clock();
        if (now - lastIdleTick < idleEveryMs && now >= lastIdleTick) return;
        lastIdleTick = now;
      }
      this.dispatch({ type: 'tick' });
    }, everyMs);
  }

  dispose(): void {
    if (this._ticker !== null) clearInterval(this._ticker);
    if (this._viewHoldTimer !== null) clearTimeout(this._viewHoldTimer);
    this._viewHoldTimer = null;
    this._setKeepalive(null);
    for (const subscription of this._subscriptions) subscription.unsubscribe();
  }

  private _apply(input: SessionInput): void {
    const event = { ...input, at: this._clock() } as SessionEvent;
    const { state, effects } = step(this._state, event);
    this._state = state;
    let stopWaits = false;
    // Bytes first: the wire must not wait for the page to re-render.
    for (const effect of effects) {
      if (effect.kind === 'send') {
        const sent = this._device.send(effect.command);
        if (effect.command.kind === 'stop' && this._device.stopWaiting) stopWaits = true;
        // Failures are reported on the device's failures$; only the limits' landing matters here.
        const sessionId = state.session?.id;
        if (effect.command.kind === 'limits' && sessionId !== undefined) {
          sent.then(
            () => this.dispatch({ type: 'limits-acknowledged', sessionId }),
            () => undefined,
          );
        } else sent.catch(() => undefined);
      } else if (effect.kind === 'drop-link') this._device.dropLink();
    }
    const notices = effects.flatMap((effect) => (effect.kind === 'notice' ? [effect.notice] : []));
    this._unseen.push({ event, state, notices });
    if (stopWaits && !this._viewHeld) this._holdViewForStop();
    this._tellViews();
  }

  /**
   * A stop that must wait for the write in flight goes out when that write's answer is handled,
   * which is a task of its own: whatever the page does first (re-rendering every view for the
   * ended session, writing the journal) stands between that answer and the stop. So the views,
   * the journal and the announcements hear of the stop (and of what follows it) once its frame is
   * handed to the link, and at the latest after VIEW_HOLD_MAX_MS. The engine, the queue and every
   * rule run on at once; only the telling waits. With nothing in flight the stop goes out in this
   * same call, and the views are told at once, as before.
   */
  private _holdViewForStop(): void {
    const timer = setTimeout(() => release(), VIEW_HOLD_MAX_MS);
    const release = () => {
      if (this._viewHoldTimer !== timer) return;
      clearTimeout(timer);
      this._viewHoldTimer = null;
      this._viewHeld = false;
      this._tellViews();
    };
    this._viewHeld = true;
    this._viewHoldTimer = timer;
    this._device.whenStopStarted().then(release, release);
  }

  private _nextUnseen(): (typeof this._unseen)[number] | undefined {
    return this._viewHeld ? undefined : this._unseen.shift();
  }

  private _tellViews(): void {
    // A subscriber may dispatch (re-entrantly, or from the release above): its event waits its turn.
    if (this._viewHeld || this._telling) return;
    this._telling = true;
    try {
      // A subscriber's own stop may hold the views again part-way: the rest waits for its release.
      for (let next = this._unseen.shift(); next !== undefined; next = this._nextUnseen()) {
        this.state$.next(next.state);
        this.applied$.next({ event: next.event, state: next.state });
        for (const notice of next.notices) this.notices$.next(notice);
      }
    } finally {
      this._telling = false;
    }
  }

  /**
   * Firmware with a watchdog (keepaliveMs in its profile) stops everything when it hears nothing
   * for a while, so while a session runs a keep-alive goes out that often, through the same queue
   * as every write. Only while it runs: a stop ends them in the same dispatch that sends it, and
   * the queue drops any keep-alive still waiting when the stop jumps ahead.
   *
   * A timer sends them, and so does each report from the device once one is due: a background
   * tab's timers may be throttled to one a minute while its Bluetooth events still arrive, and the
   * watchdog must not bite a session the page is still running (its time limits advance on those
   * same reports).
   */
  private _wireKeepalive(): void {
    // Two sources, combined by hand: combineLatest would pull RxJS's "from" machinery into the
    // first screen's JavaScript.
    let active = false;
    let everyMs: number | null = null;
    const update = () => {
      const wanted = active ? everyMs : null;
      if (wanted !== this._keepaliveEveryMs) this._setKeepalive(wanted);
    };
    this._subscriptions.push(
      this.state$
        .pipe(
          map((state) => isActive(state.session)),
          distinctUntilChanged(),
        )
        .subscribe((isRunning) => {
          active = isRunning;
          update();
        }),
      this._device.state$.subscribe((s) => {
        everyMs = s.phase === 'connected' && s.profile.commands.keepalive ? s.profile.timing.keepaliveMs : null;
        update();
      }),
      this._device.messages$.subscribe((message) => {
        if (message.kind === 'report') this._keepaliveIfDue();
      }),
    );
  }

  private _setKeepalive(everyMs: number | null): void {
    if (this._keepalive !== null) clearInterval(this._keepalive);
    this._keepalive = null;
    this._keepaliveEveryMs = everyMs;
    if (everyMs === null) return;
    this._keepaliveSentAt = this._clock();
    this._keepalive = setInterval(() => this._keepaliveIfDue(), everyMs);
  }

  private _keepaliveIfDue(): void {
    const everyMs = this._keepaliveEveryMs;
    if (everyMs === null || !isActive(this.state.session)) return;
    const now = this._clock();
    // A little slack, so a timer firing a hair early is not skipped (that would double the gap).
    if (now - this._keepaliveSentAt < everyMs * 0.8) return;
    this._keepaliveSentAt = now;
    this._device.send(vetKeepalive()).catch(() => undefined);
  }

  private _wireDevice(): void {
    const device = this._device;
    // The last connected state seen, to tell a disconnect from a page that never connected.
    // (Kept by hand rather than with startWith/pairwise: those pull RxJS's whole "from" machinery
    // into the first screen's JavaScript.)
    let before: ConnectedState | null = null;
    this._subscriptions.push(
      device.state$
        .pipe(
          map((s) => (s.phase === 'connected' ? s : null)),
          distinctUntilChanged(),
        )
        .subscribe((now) => {
          const was = before;
          before = now;
          if (now) {
            this.dispatch({
              type: 'connected',
              device: {
                capabilities: now.profile.capabilities,
                limitsEnforcedByDevice: now.profile.limitsEnforcedByDevice,
                ...(now.deviceSessionSeconds === undefined ? {} : { maxSessionSeconds: now.deviceSessionSeconds }),
              },
            });
          } else if (was) {
            this.dispatch({ type: 'disconnected' });
          }
        }),
      device.messages$.subscribe((message) => {
        switch (message.kind) {
          case 'report':
            this.dispatch({ type: 'report', report: message.report });
            break;
          case 'stopped':
            this.dispatch({ type: 'device-stopped', cause: message.cause });
            break;
          case 'rejected':
            this.dispatch({ type: 'device-rejected', rejection: message.rejection });
            break;
          case 'booted':
            // A BOOT line comes once at connect (after the ranges) and otherwise only when the
            // device has reset: a running session is then gone on the device, so it ends here.
            this.dispatch({ type: 'device-stopped', cause: 'reset' });
            break;
          case 'accepted':
          case 'ranges':
          case 'instruction':
            break;
        }
      }),
      device.failures$.subscribe((failure) => {
        if (failure.kind === 'stop-failed') {
          // The stop could not be delivered: drop the link so the firmware's own rule stops it.
          this.dispatch({
            type: 'link-failure',
            message: `The stop could not be sent (${failure.message}). The link was dropped so the massager stops by itself.`,
          });
          device.dropLink();
        } else if (failure.kind === 'write-failed') {
          this.dispatch({ type: 'link-failure', message: `A command did not reach the massager: ${failure.message}` });
        }
      }),
      device.decodeFailures$.subscribe((failures) => {
        if (failures.consecutive >= GARBLED_FRAMES_BEFORE_STOP && isActive(this.state.session)) {
          this.dispatch({
            type: 'link-failure',
            message: 'The massager is sending data Easeback cannot read, so the session was stopped.',
          });
        }
      }),
      device.thermometerC$.subscribe((celsius) => {
        if (celsius !== null) this.dispatch({ type: 'temperature', celsius });
      }),
    );
  }
}
