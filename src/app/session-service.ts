import { BehaviorSubject, distinctUntilChanged, map, Subject, type Subscription } from 'rxjs';
import { vetKeepalive } from '../core/safety/vet.js';
import { initialState, isActive, step } from '../core/session/machine.js';
import type { MachineState, Notice, SessionEvent, StopSource } from '../core/session/types.js';
import type { ConnectionState, DeviceConnection } from './device-connection.js';
import { InOrder } from './in-order.js';

type ConnectedState = Extract<ConnectionState, { phase: 'connected' }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type SessionInput = DistributiveOmit<SessionEvent, 'at'>;

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

  constructor(
    private readonly _device: DeviceConnection,
    private readonly _clock: () => number = () => Date.now(),
  ) {
    this.state$ = new BehaviorSubject(initialState('gentle', _clock()));
    this._wireDevice();
    this._wireKeepalive();
  }

  get state(): MachineState {
    return this.state$.value;
  }

  dispatch(input: SessionInput): void {
    // Effects can raise events (a failed write reports at once); those run after this one, in order.
    this._inOrder.run(input);
  }

  /** Every way to stop comes here: the source only tells the journal what stopped the session. */
  stop(source?: StopSource): void {
    this.dispatch(source ? { type: 'stop', source } : { type: 'stop' });
  }

  /** Ticks drive countdowns, ramps and check-ins; the engine sums real time, so throttled ticks are fine. */
  startTicking(everyMs = 250): void {
    if (this._ticker !== null) return;
    this._ticker = setInterval(() => this.dispatch({ type: 'tick' }), everyMs);
  }

  dispose(): void {
    if (this._ticker !== null) clearInterval(this._ticker);
    this._setKeepalive(null);
    for (const subscription of this._subscriptions) subscription.unsubscribe();
  }

  private _apply(input: SessionInput): void {
    const event = { ...input, at: this._clock() } as SessionEvent;
    const { state, effects } = step(this.state$.value, event);
    // Bytes first: the wire must not wait for the page to re-render.
    for (const effect of effects) {
      if (effect.kind === 'send') {
        const sent = this._device.send(effect.command);
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
    this.state$.next(state);
    this.applied$.next({ event, state });
    for (const effect of effects) if (effect.kind === 'notice') this.notices$.next(effect.notice);
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
