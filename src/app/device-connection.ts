import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { isLevelCommand, type VettedCommand } from '../core/commands.js';
import type { DeviceCodec } from '../core/protocol/codec.js';
import { isStaleSequence, type DeviceRejection, type DeviceReport } from '../core/device-report.js';
import type { DeviceInstruction, DeviceMessage, StateDecoder } from '../core/protocol/messages.js';
import type { DeviceProfile } from '../core/profile/types.js';
import { vetAskRanges } from '../core/safety/vet.js';
import { describeError, GattQueue, type QueueFailure, type QueueStats } from '../transport/gatt-queue.js';
import type { DeviceConnector, DeviceInfo, DeviceLink, LinkExtras } from '../transport/link.js';

export type { DeviceInfo } from '../transport/link.js';

export type ConnectionState =
  | { readonly phase: 'disconnected' }
  | { readonly phase: 'connecting'; readonly name: string }
  | {
      readonly phase: 'connected';
      readonly name: string;
      readonly kind: DeviceConnector['kind'];
      readonly profile: DeviceProfile;
      /** The longest session the device itself says it takes (its own ranges), when it says. */
      readonly deviceSessionSeconds?: number;
    }
  | { readonly phase: 'reconnecting'; readonly name: string; readonly attempt: number; readonly of: number }
  | { readonly phase: 'lost'; readonly name: string; readonly message: string };

export interface DecodeFailures {
  readonly count: number;
  /** Failures in a row, reset by any frame that decodes. */
  readonly consecutive: number;
  readonly last: string | null;
}

type Ranges = Extract<DeviceMessage, { kind: 'ranges' }>;

/** How long a connect waits for a device's own ranges (the DIY board answers "?" within a few tens of ms). */
export const RANGES_WAIT_MS = 2000;

/** Bounded backoff after an unexpected disconnect (after Chrome's reconnect sample, a little longer). */
export const RECONNECT_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000];

/**
 * One massager's connection: the link, its profile and codec, the single-writer queue, decoded
 * state, battery and device information, and reconnection after an unexpected drop.
 *
 * The link is a byte stream (transport/link.ts): this class never sees a GATT service or
 * characteristic. What a Bluetooth device also gives (its matched profile, battery, device
 * information) comes from its connector at each connect.
 */
export class DeviceConnection {
  readonly state$ = new BehaviorSubject<ConnectionState>({ phase: 'disconnected' });
  readonly messages$ = new Subject<DeviceMessage>();
  /** The device's latest report of what it is doing: the readback beside every control. */
  readonly report$ = new BehaviorSubject<DeviceReport | null>(null);
  readonly decodeFailures$ = new BehaviorSubject<DecodeFailures>({ count: 0, consecutive: 0, last: null });
  readonly battery$ = new BehaviorSubject<number | null>(null);
  readonly info$ = new BehaviorSubject<DeviceInfo | null>(null);
  readonly thermometerC$ = new BehaviorSubject<number | null>(null);
  readonly failures$ = new Subject<QueueFailure>();
  /**
   * Something the device says the person must do with their hands now (unplug the pad). Kept
   * through a dropped link, since the hazard does not go with it; cleared by the next deliberate
   * connect or disconnect.
   */
  readonly instruction$ = new BehaviorSubject<DeviceInstruction | null>(null);
  /**
   * The device stopped on its own STOP button or a sensor fault, and holds everything off until
   * the person releases it (only for a device that can be released: see canReleaseLatches).
   */
  readonly latchHeld$ = new BehaviorSubject<boolean>(false);

  private _connector: DeviceConnector | null = null;
  /** The link of the current connection; null while connecting or reconnecting. */
  private _link: DeviceLink | null = null;
  private _profile: DeviceProfile | null = null;
  private _codec: DeviceCodec | null = null;
  private _queue: GattQueue | null = null;
  private _subscriptions: Subscription[] = [];
  private _userClosing = false;
  private _reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private _generation = 0;
  private _lastSequence: number | null = null;
  private _lastRejection: DeviceRejection | null = null;

  constructor(private readonly _profiles: () => readonly DeviceProfile[]) {}

  get profile(): DeviceProfile | null {
    return this._profile;
  }

  /** No GATT operation queued or in flight (true when not connected). */
  get idle(): boolean {
    return this._queue?.idle ?? true;
  }

  /** A stop frame is waiting for the operation in flight. */
  get stopWaiting(): boolean {
    return this._queue?.stopWaiting ?? false;
  }

  /**
   * Resolves once every stop frame asked for has been handed to the link (at once, unless a write
   * was in flight; at the latest when the link ends).
   */
  whenStopStarted(): Promise<void> {
    return this._queue?.whenStopStarted() ?? Promise.resolve();
  }

  get queueStats(): QueueStats | null {
    return this._queue?.stats ?? null;
  }

  /**
   * Connects a device; `profile` is given for the simulated massager and for a byte stream (which
   * cannot say what it is). A Bluetooth connector matches one against the device's services.
   */
  async connect(connector: DeviceConnector, profile?: DeviceProfile): Promise<void> {
    this.disconnect();
    this.instruction$.next(null);
    this.latchHeld$.next(false);
    this._userClosing = false;
    this._connector = connector;
    this.state$.next({ phase: 'connecting', name: connector.name });
    try {
      await this._setUp(connector, profile ?? null);
    } catch (error: unknown) {
      this._tearDown();
      this._connector = null;
      this._dropCurrentLink();
      this.state$.next({ phase: 'lost', name: connector.name, message: describeError(error) });
      throw error;
    }
  }

  /** The person asked to disconnect: no reconnect follows. */
  disconnect(): void {
    this._cancelReconnect();
    if (!this._connector) return;
    this._userClosing = true;
    this._tearDown();
    this._connector = null;
    this._profile = null;
    this._dropCurrentLink();
    this.state$.next({ phase: 'disconnected' });
  }

  private _dropCurrentLink(): void {
    const link = this._link;
    this._link = null;
    try {
      link?.disconnect();
    } catch {
      // already gone
    }
  }

  /** Resolves when every queued write has gone out, or after `timeoutMs`, whichever is first. */
  settle(timeoutMs: number): Promise<void> {
    const queue = this._queue;
    if (!queue) return Promise.resolve();
    return Promise.race([queue.whenIdle(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
  }

  /** True when the connected device has latches of its own that the person can release (the DIY board). */
  get canReleaseLatches(): boolean {
    return this._codec?.releasesLatches ?? false;
  }

  /**
   * The person asked to release the device's own latches (after its STOP button, or a fault they
   * have dealt with). It raises no output; nothing in the app calls this by itself.
   */
  releaseLatches(release: VettedCommand): Promise<void> {
    return this.send(release).then(() => this.latchHeld$.next(false));
  }

  /** The link is wedged (a stop could not be delivered): drop it so the firmware's link-loss rule stops everything. */
  dropLink(): void {
    this._link?.disconnect();
  }

  /**
   * Encodes and queues a vetted command; stop preempts everything queued. Resolves when every
   * frame of it has gone out (acknowledged where the write is), rejects if one could not.
   */
  send(command: VettedCommand): Promise<void> {
    const { _codec: codec, _queue: queue } = this;
    // Not connected: nothing to do, and the stop is sent again on every (re)connect.
    if (!codec || !queue) return Promise.reject(new Error('not connected'));
    const encoded = codec.encode(command);
    if (!encoded.ok) {
      this.failures$.next({ kind: 'write-failed', characteristic: '', key: command.kind, timedOut: false, message: encoded.error.message });
      return Promise.reject(new Error(encoded.error.message));
    }
    const purpose = isLevelCommand(command) ? 'level' : 'must-land';
    if (command.kind === 'stop') {
      const frames = encoded.value.map((w) => ({ characteristic: w.endpoint, bytes: w.bytes, mode: 'must-land' as const }));
      return queue.stop(frames); // failures also arrive on failures$
    }
    return Promise.all(encoded.value.map((write) => queue.write(write.endpoint, write.bytes, write.key, purpose))).then(() => undefined);
  }

  private async _setUp(connector: DeviceConnector, given: DeviceProfile | null): Promise<void> {
    const generation = ++this._generation;
    // The codecs load with the first connection, not with the first screen (issue 7 size budget).
    const [{ createCodec }, opened] = await Promise.all([
      import('../core/protocol/codec.js'),
      connector.open(this._profiles(), given ?? this._profile),
    ]);
    if (generation !== this._generation) {
      // Disconnected, or another device chosen, while this one was opening.
      if (this._connector !== connector) opened.link.disconnect();
      return;
    }
    const { link, profile, extras } = opened;
    this._link = link;
    this._profile = profile;
    this._codec = createCodec(profile);
    this._subscriptions.push(link.disconnected.subscribe(() => this._onLinkDropped()));
    const queue = new GattQueue(
      // The queue's targets are the codec's endpoints; the link decides what each is (a characteristic, or the one wire).
      { write: (endpoint, bytes, purpose) => link.write(bytes, { endpoint: endpoint === 'limits' ? 'limits' : 'control', purpose }) },
      {
        minWriteGapMs: profile.timing.minWriteGapMs,
        opTimeoutMs: profile.timing.writeTimeoutMs,
        retryDelayMs: 100,
        ...(this._codec.maxWriteBytes === null ? {} : { maxWriteBytes: this._codec.maxWriteBytes }),
      },
    );
    this._queue = queue;
    this._subscriptions.push(
      queue.failures$.subscribe((failure) => {
        this.failures$.next(failure);
        // Nothing can get through a wedged link, not even a stop: dropping it makes the firmware stop itself.
        if (failure.timedOut) this.dropLink();
      }),
    );

    const decoder = this._codec.createStateDecoder();
    this._lastSequence = null;
    this._lastRejection = null;
    this._subscriptions.push(link.values.subscribe((value) => this._onStateValue(decoder, value)));
    if (extras) this._showExtras(extras);
    // A device that reports its own ranges is asked before it is shown as connected, so that
    // nothing (the controls, a session) ever uses more than the smaller of its ranges and its profile's.
    const ranges = await this._askRanges(queue);
    if (generation !== this._generation) return;
    let shown: Extract<ConnectionState, { phase: 'connected' }> = {
      phase: 'connected',
      name: connector.name,
      kind: connector.kind,
      profile,
    };
    if (ranges) {
      // With the profile parser, not in the first screen's JavaScript.
      const { effectiveCapabilities } = await import('../core/profile/narrowing.js');
      if (generation !== this._generation) return;
      shown = {
        ...shown,
        profile: { ...profile, capabilities: effectiveCapabilities(profile.capabilities, ranges.capabilities) },
        deviceSessionSeconds: ranges.sessionSeconds,
      };
    }
    this.state$.next(shown);
  }

  /** What a Bluetooth link read at connect: the state as it was, battery, device information, a thermometer. */
  private _showExtras(extras: LinkExtras): void {
    const fresh = this._codec?.createStateDecoder();
    // A read value is a whole frame of its own: it gets its own decoder, not the stream's.
    if (extras.initialState && fresh) this._onStateValue(fresh, extras.initialState);
    if (extras.battery !== null) this.battery$.next(extras.battery);
    if (extras.battery$) this._subscriptions.push(extras.battery$.subscribe((level) => this.battery$.next(level)));
    this.info$.next(extras.info);
    if (extras.thermometerC$) this._subscriptions.push(extras.thermometerC$.subscribe((celsius) => this.thermometerC$.next(celsius)));
  }

  /** Decodes one state value: counts what does not decode, drops frames older than one shown. */
  private _onStateValue(decoder: StateDecoder, value: Uint8Array): void {
    for (const outcome of decoder.push(value)) {
      const previous = this.decodeFailures$.value;
      if (!outcome.ok) {
        // Never shown as device state: counted, and the session decides what a run of them means.
        this.decodeFailures$.next({ count: previous.count + 1, consecutive: previous.consecutive + 1, last: outcome.error.message });
        continue;
      }
      if (previous.consecutive > 0) this.decodeFailures$.next({ ...previous, consecutive: 0 });
      const message = outcome.value;
      if (message.kind === 'report') {
        const { sequence, lastRejection } = message.report;
        // A read answered after newer notifications would put old state on screen.
        if (sequence !== null && this._lastSequence !== null && isStaleSequence(sequence, this._lastSequence)) continue;
        if (sequence !== null) this._lastSequence = sequence;
        this.report$.next(message.report);
        this.messages$.next(message);
        // A refusal shows in the next frame (writes without response have no other way to say so).
        if (lastRejection !== null && lastRejection !== this._lastRejection)
          this.messages$.next({ kind: 'rejected', rejection: lastRejection });
        this._lastRejection = lastRejection;
        continue;
      }
      if (message.kind === 'ranges') void this._narrowTo(message);
      if (message.kind === 'stopped' && (message.cause === 'button' || message.cause === 'sensor-fault') && this.canReleaseLatches) {
        this.latchHeld$.next(true);
      }
      if (message.kind === 'instruction' && this.instruction$.value !== message.instruction) this.instruction$.next(message.instruction);
      this.messages$.next(message);
    }
  }

  /**
   * Writes the family's greeting (the DIY board's "?") and waits for the ranges it answers with,
   * at most RANGES_WAIT_MS; null when the family has none or the device did not answer (the
   * profile alone decides then).
   */
  private _askRanges(queue: GattQueue): Promise<Ranges | null> {
    // A family with no ranges to ask for (no greeting) does not encode the question.
    const greeting = this._codec?.encode(vetAskRanges());
    if (!greeting?.ok) return Promise.resolve(null);
    return new Promise((resolve) => {
      const done = (ranges: Ranges | null) => {
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(ranges);
      };
      const subscription = this.messages$.subscribe((message) => {
        if (message.kind === 'ranges') done(message);
      });
      const timer = setTimeout(() => done(null), RANGES_WAIT_MS);
      Promise.all(greeting.value.map((write) => queue.write(write.endpoint, write.bytes, write.key, 'must-land'))).catch(() => done(null));
    });
  }

  /**
   * The device said what it can do (the DIY board's CAP line): from now on the app offers and
   * sends no more than the smaller of that and its profile. The profile kept for reconnecting is
   * the full one; the device is asked again after every connect.
   */
  private async _narrowTo(ranges: Ranges): Promise<void> {
    const generation = this._generation;
    // With the profile parser, not in the first screen's JavaScript.
    const { effectiveCapabilities } = await import('../core/profile/narrowing.js');
    const state = this.state$.value;
    const profile = this._profile;
    if (generation !== this._generation || state.phase !== 'connected' || !profile) return;
    const capabilities = effectiveCapabilities(profile.capabilities, ranges.capabilities);
    this.state$.next({ ...state, profile: { ...profile, capabilities }, deviceSessionSeconds: ranges.sessionSeconds });
  }

  private _tearDown(): void {
    this._generation++;
    for (const subscription of this._subscriptions) subscription.unsubscribe();
    this._subscriptions = [];
    this._queue?.close();
    this._queue = null;
    this._codec = null;
    this.battery$.next(null);
    this.thermometerC$.next(null);
    this.report$.next(null);
  }

  private _onLinkDropped(): void {
    if (this._userClosing) return;
    const connector = this._connector;
    if (!connector) return;
    this._tearDown();
    this._link = null;
    this._reconnect(connector, 0);
  }

  private _reconnect(connector: DeviceConnector, attempt: number): void {
    const delay = RECONNECT_DELAYS_MS[attempt];
    if (delay === undefined) {
      this.state$.next({
        phase: 'lost',
        name: connector.name,
        message: 'The massager did not come back. Check it is on and nearby, then connect again.',
      });
      return;
    }
    this.state$.next({ phase: 'reconnecting', name: connector.name, attempt: attempt + 1, of: RECONNECT_DELAYS_MS.length });
    this._reconnectTimer = setTimeout(() => {
      this._reconnectTimer = null;
      if (this._connector !== connector) return;
      this._setUp(connector, this._profile).catch(() => {
        this._tearDown();
        this._dropCurrentLink();
        this._reconnect(connector, attempt + 1);
      });
    }, delay);
  }

  private _cancelReconnect(): void {
    if (this._reconnectTimer !== null) clearTimeout(this._reconnectTimer);
    this._reconnectTimer = null;
  }
}
