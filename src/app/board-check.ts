import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import {
  checkHoldsDevice,
  checkStep,
  checkSummary,
  initialCheck,
  type CheckEffect,
  type CheckEvent,
  type CheckState,
} from '../core/check/first-power-on.js';
import type { DeviceMessage } from '../core/protocol/messages.js';
import { vetAskRanges, vetLatchRelease } from '../core/safety/vet.js';
import { isOpen } from '../core/session/machine.js';
import type { DeviceConnection } from './device-connection.js';
import { InOrder } from './in-order.js';
import type { SessionService } from './session-service.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type CheckInput = DistributiveOmit<CheckEvent, 'at'>;

/** What the board-check screen may do: the person's presses, and the check's state to show. */
export interface BoardCheckControls {
  readonly state$: Observable<CheckState>;
  /** The board's name as connected, for the summary. */
  readonly boardName: string;
  begin(): void;
  run(): void;
  answer(yes: boolean): void;
  release(): void;
  understood(): void;
  buttonDidNothing(): void;
  /** The same stop as STOP and Escape: the session engine sends it, and the check ends. */
  stop(): void;
  summary(): string;
  /** The screen closed: every output off if it ran any, and the device given back. */
  close(): void;
}

/** How often the check's clock ticks: its step times and keep-alives run on these. */
const TICK_MS = 250;

/**
 * Wires the pure check (core/check/first-power-on.ts) to the connected board: its commands go
 * through the same connection, codec and single-writer queue as a session's (every one made by
 * vet), the board's lines come back as events, and any stop of the app's (STOP, Escape, a
 * symptom, a failed write) ends it. While it runs, the session engine knows the device is held:
 * no session starts, and the engine leaves the check's outputs to the check's own stop rules.
 */
export class BoardCheck implements BoardCheckControls {
  readonly state$: BehaviorSubject<CheckState>;
  readonly boardName: string;
  private readonly _subscriptions: Subscription[] = [];
  private _ticker: ReturnType<typeof setInterval> | null = null;
  private _holding = false;
  private readonly _inOrder = new InOrder<CheckInput>((input) => this._apply(input));

  constructor(
    private readonly _device: DeviceConnection,
    private readonly _session: SessionService,
    private readonly _clock: () => number,
  ) {
    this.state$ = new BehaviorSubject(initialCheck(_clock()));
    const connected = _device.state$.value;
    this.boardName = connected.phase === 'connected' ? connected.name : 'the board';
  }

  begin(): void {
    const connected = this._device.state$.value;
    const open = this._session.state.session;
    if (connected.phase !== 'connected' || (open !== null && open.status !== 'ended')) return;
    this._wire();
    this._dispatch({
      type: 'begin',
      capabilities: connected.profile.capabilities,
      keepaliveMs: connected.profile.timing.keepaliveMs ?? Number.POSITIVE_INFINITY,
    });
  }

  run(): void {
    this._dispatch({ type: 'run' });
  }

  answer(yes: boolean): void {
    this._dispatch({ type: 'answer', yes });
  }

  release(): void {
    this._dispatch({ type: 'release' });
  }

  understood(): void {
    this._dispatch({ type: 'understood' });
  }

  buttonDidNothing(): void {
    this._dispatch({ type: 'button-did-nothing' });
  }

  stop(): void {
    this._session.stop();
    // Also when the session engine's stop did not reach here (nothing subscribed yet).
    this._dispatch({ type: 'stop' });
  }

  summary(): string {
    return checkSummary(this.state$.value, this.boardName);
  }

  close(): void {
    if (checkHoldsDevice(this.state$.value)) this.stop();
    this._unwire();
  }

  private _wire(): void {
    if (this._subscriptions.length > 0) return;
    this._subscriptions.push(
      this._device.messages$.subscribe((message) => {
        const input = fromBoard(message);
        if (input) this._dispatch(input);
      }),
      this._device.state$.subscribe((state) => {
        if (state.phase !== 'connected') this._dispatch({ type: 'disconnected' });
      }),
      this._session.applied$.subscribe(({ event }) => {
        // Every stop of the app's ends the check: STOP, Escape, a tap or a loud sound, a symptom, a failed write.
        if (event.type === 'stop' || event.type === 'symptom' || event.type === 'link-failure') this._dispatch({ type: 'stop' });
      }),
    );
    this._ticker = setInterval(() => this._dispatch({ type: 'tick' }), TICK_MS);
  }

  private _unwire(): void {
    if (this._ticker !== null) clearInterval(this._ticker);
    this._ticker = null;
    for (const subscription of this._subscriptions) subscription.unsubscribe();
    this._subscriptions.length = 0;
    this._hold(false);
  }

  private _dispatch(input: CheckInput): void {
    // An effect can raise an event at once (a write that fails reports synchronously): it runs next, in order.
    this._inOrder.run(input);
  }

  private _apply(input: CheckInput): void {
    const before = this.state$.value;
    const { state, effects } = checkStep(before, { ...input, at: this._clock() });
    if (state === before && effects.length === 0) return;
    // The device is held before anything is written, and given back only after the last stop.
    if (checkHoldsDevice(state)) this._hold(true);
    for (const effect of effects) this._effect(effect);
    this.state$.next(state);
    if (!checkHoldsDevice(state)) this._unwire();
  }

  private _effect(effect: CheckEffect): void {
    const device = this._device;
    switch (effect.kind) {
      case 'send':
        // Failures reach the session engine through the device's failures$, which ends the check.
        device.send(effect.command).catch(() => undefined);
        break;
      case 'ask-ranges':
        device.send(vetAskRanges()).catch(() => undefined);
        break;
      case 'release-latches': {
        // The check asks for the release only on the person's press, and holds the device: no session is open.
        const verdict = vetLatchRelease({ sessionOpen: isOpen(this._session.state.session) });
        if (verdict.ok) device.releaseLatches(verdict.command).catch(() => undefined);
        break;
      }
    }
  }

  private _hold(running: boolean): void {
    if (this._holding === running) return;
    this._holding = running;
    this._session.dispatch({ type: 'board-check', running });
  }
}

function fromBoard(message: DeviceMessage): CheckInput | null {
  switch (message.kind) {
    case 'report':
      return { type: 'report', report: message.report };
    case 'ranges':
      return { type: 'ranges', capabilities: message.capabilities, sessionSeconds: message.sessionSeconds };
    case 'booted':
      return { type: 'booted', cause: message.cause, version: message.version };
    case 'accepted':
      return { type: 'accepted' };
    case 'rejected':
      return { type: 'rejected', rejection: message.rejection };
    case 'stopped':
      return { type: 'device-stopped', cause: message.cause };
    case 'instruction':
      return { type: 'instruction', instruction: message.instruction };
  }
}

let latest: BoardCheck | null = null;

/** A new check on the connected board; one at a time, so a new one closes the last. */
export function openBoardCheck(device: DeviceConnection, session: SessionService, clock: () => number): BoardCheckControls {
  latest?.close();
  latest = new BoardCheck(device, session, clock);
  return latest;
}
