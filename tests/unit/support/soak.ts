import { readFileSync } from 'node:fs';
import { Observable, type Subscription } from 'rxjs';
import { DeviceConnection } from '../../../src/app/device-connection.js';
import { GuidanceFeed } from '../../../src/app/guidance-feed.js';
import { JournalService, type JournalStore } from '../../../src/app/journal-service.js';
import { SessionService } from '../../../src/app/session-service.js';
import type { MergeOutcome } from '../../../src/app/store.js';
import type { JournalRecord } from '../../../src/core/journal/schema.js';
import { parseProfile } from '../../../src/core/profile/parse.js';
import { emptyScreening } from '../../../src/core/safety/screening.js';
import type { EndReason, RecentSession } from '../../../src/core/session/types.js';
import { OpenMassagerFirmware } from '../../../src/sim/open-massager-firmware.js';
import { SimLink } from '../../../src/transport/sim-link.js';
import { VirtualTime } from './virtual-time.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Counts RxJS subscriptions open right now, across the whole process: every subscribe() adds one
 * and its teardown (unsubscribe, complete or error) takes it away. Operators subscribe to their
 * source too, so one app-level subscription may count as several; what matters is that the count
 * comes back to where it was.
 */
type Subscribe = (this: Observable<unknown>, ...args: unknown[]) => Subscription;

export class SubscriptionCounter {
  open = 0;
  private _original: Subscribe | null = null;

  install(): this {
    if (this._original) return this;
    const prototype = Observable.prototype as unknown as { subscribe: Subscribe };
    const original = prototype.subscribe;
    this._original = original;
    const count = (delta: number) => (this.open += delta);
    prototype.subscribe = function (this: Observable<unknown>, ...args: unknown[]): Subscription {
      const subscription = original.apply(this, args);
      count(1);
      subscription.add(() => count(-1));
      return subscription;
    };
    return this;
  }

  uninstall(): void {
    if (this._original) (Observable.prototype as unknown as { subscribe: Subscribe }).subscribe = this._original;
    this._original = null;
  }
}

/** The journal's store, in memory: the soak measures the app layer, not IndexedDB. */
class MemoryStore implements JournalStore {
  private readonly _sessions = new Map<string, JournalRecord>();
  private _trace: readonly RecentSession[] = [];

  get size(): number {
    return this._sessions.size;
  }

  ids(): string[] {
    return [...this._sessions.keys()];
  }

  changeTrace(change: (kept: readonly RecentSession[], damaged: boolean) => readonly RecentSession[]) {
    this._trace = change(this._trace, false);
    return Promise.resolve({ trace: this._trace, damaged: false });
  }

  putSession(record: JournalRecord): Promise<void> {
    this._sessions.set(record.id, record);
    return Promise.resolve();
  }

  allSessions(): Promise<JournalRecord[]> {
    return Promise.resolve([...this._sessions.values()].sort((a, b) => a.startedAt - b.startedAt));
  }

  async sessionsSince(from: number): Promise<JournalRecord[]> {
    return (await this.allSessions()).filter((r) => r.startedAt >= from);
  }

  updateSessions(change: (record: JournalRecord) => JournalRecord | null): Promise<number> {
    let changed = 0;
    for (const record of this._sessions.values()) {
      const next = change(record);
      if (next) {
        changed++;
        this._sessions.set(next.id, next);
      }
    }
    return Promise.resolve(changed);
  }

  mergeSessions(records: readonly JournalRecord[]): Promise<MergeOutcome> {
    let added = 0;
    let replaced = 0;
    let skipped = 0;
    for (const record of records) {
      const here = this._sessions.get(record.id);
      if (here && here.updatedAt >= record.updatedAt) {
        skipped++;
        continue;
      }
      if (here) replaced++;
      else added++;
      this._sessions.set(record.id, record);
    }
    return Promise.resolve({ added, replaced, skipped });
  }

  deleteAllSessions(): Promise<void> {
    this._sessions.clear();
    return Promise.resolve();
  }
}

/** How each session in the soak ends, in turn: every path that tears something down. */
const ENDINGS = ['runs to its limit', 'stopped', 'paused, resumed, stopped', 'link dropped', 'symptom stop', 'paused too long'] as const;
type Ending = (typeof ENDINGS)[number];

export interface SoakSample {
  readonly session: number;
  readonly ending: Ending;
  readonly endReason: EndReason | null;
  /** RxJS subscriptions open once the session has ended and the link has settled. */
  readonly openSubscriptions: number;
  readonly firmwareListeners: number;
  readonly timers: number;
}

export interface SoakResult {
  readonly simulatedHours: number;
  readonly sessions: number;
  readonly samples: readonly SoakSample[];
  /** Open subscriptions, firmware listeners and timers while connected and idle, before any session. */
  readonly baseline: { readonly openSubscriptions: number; readonly firmwareListeners: number; readonly timers: number };
  /** Heap after a full GC, after the first session (warm) and at the end; null without a gc(). */
  readonly heapWarmMb: number | null;
  readonly heapEndMb: number | null;
  readonly journalRecords: number;
  /** Ids of the sessions the engine really started (a refused start has none). */
  readonly started: readonly string[];
  /** Ids of the sessions in the journal at the end. */
  readonly journalIds: readonly string[];
  /** Starts the engine refused, and why (each is a session with no record, by design). */
  readonly refusedStarts: readonly { readonly session: number; readonly reason: string }[];
  /** What is left once the page's objects are disposed: nothing, or the counts are not counting. */
  readonly afterDispose: { readonly openSubscriptions: number; readonly firmwareListeners: number; readonly timers: number };
  readonly endReasons: Readonly<Partial<Record<EndReason, number>>>;
}

export interface SoakOptions {
  readonly hours: number;
  /** A full garbage collection (node --expose-gc, or v8 flags): enables the heap figures. */
  readonly gc?: () => void;
  /** The app ticks four times a second; a slower tick makes a long soak quicker and changes nothing it measures. */
  readonly tickMs?: number;
}

function heapMb(gc: (() => void) | undefined): number | null {
  if (!gc) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/**
 * Back-to-back sessions for `hours` of simulated time, through the app layer as the page wires it
 * (DeviceConnection, SessionService, GuidanceFeed, JournalService) over the in-page SimLink to the
 * simulated firmware, on virtual time. Every way a session can end comes round in turn.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  // The codecs load with the first connection, through a dynamic import: load them on real time
  // first, so the connection on virtual time finds them ready as the page does after its first.
  await Promise.all([
    import('../../../src/core/protocol/codec.js'),
    import('../../../src/core/protocol/standard.js'),
    import('../../../src/core/journal/trend.js'),
  ]);
  const time = new VirtualTime().install();
  const counter = new SubscriptionCounter().install();
  try {
    return await soak(time, counter, options);
  } finally {
    counter.uninstall();
    time.uninstall();
  }
}

async function soak(time: VirtualTime, counter: SubscriptionCounter, options: SoakOptions): Promise<SoakResult> {
  // Read from the file rather than imported: the bench's loader takes no JSON modules.
  const parsed = parseProfile(JSON.parse(readFileSync(new URL('../../../devices/open-massager/profile.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(`the open massager profile does not parse: ${parsed.error.message}`);
  const profile = parsed.value;
  const firmware = new OpenMassagerFirmware({ now: performance.now() });
  let firmwareListeners = 0;
  const onNotify = firmware.onNotify.bind(firmware);
  firmware.onNotify = (listener) => {
    firmwareListeners++;
    const unlisten = onNotify(listener);
    return () => {
      firmwareListeners--;
      unlisten();
    };
  };
  const store = new MemoryStore();
  const device = new DeviceConnection(() => [profile]);
  const session = new SessionService(device);
  const guidance = new GuidanceFeed(session);
  const journal = new JournalService(store, session);
  const link = new SimLink(firmware);

  const end = time.now + options.hours * HOUR;
  const samples: SoakSample[] = [];
  const endReasons: Partial<Record<EndReason, number>> = {};
  const run = async (ms: number) => {
    // Check-ins are answered as a person would, so the session runs on.
    for (let left = ms; left > 0; left -= 30 * SECOND) {
      await time.advance(Math.min(left, 30 * SECOND));
      if (session.state.session?.checkinOpen) session.dispatch({ type: 'checkin', answer: 'same' });
    }
  };

  await journal.open();
  // Why a start was refused, if one is: opened before the baseline, so the counts stay comparable.
  const refusal = { last: 'none reported' };
  const refusals = session.notices$.subscribe((notice) => {
    if (notice.kind === 'refused') refusal.last = notice.reason;
  });
  session.dispatch({ type: 'screening', screening: emptyScreening(time.now) });
  session.dispatch({ type: 'select-preset', presetId: 'everyday' });
  session.startTicking(options.tickMs ?? 250);
  // The link takes (virtual) time to come up: let it pass while connecting.
  const connecting = device.connect(link, profile);
  await run(5 * SECOND);
  await connecting;
  const baseline = { openSubscriptions: counter.open, firmwareListeners, timers: time.timerCount };

  let heapWarmMb: number | null = null;
  const started: string[] = [];
  const refusedStarts: { session: number; reason: string }[] = [];
  for (let n = 0; time.now < end; n++) {
    const ending = ENDINGS[n % ENDINGS.length] ?? 'stopped';
    refusal.last = 'none reported';
    // After a dropped link the app reconnects by itself, and its connection imports the codecs: a
    // dynamic import settles in real time, however fast virtual time runs. On a loaded machine it
    // once settled after the next start, which was refused ("Connect a massager first") and left
    // no record: 59 records for 61 sessions. A person waits for "connected"; so does the soak.
    await untilConnected(device, time);
    session.dispatch({ type: 'start', sessionId: `soak-${n}`, painBefore: n % 11 });
    if (session.state.session?.id === `soak-${n}`) started.push(`soak-${n}`);
    else refusedStarts.push({ session: n, reason: refusal.last });
    session.dispatch({ type: 'set', request: { kind: 'vibration', level: 1 + (n % 5) } });
    session.dispatch({
      type: 'set',
      request: { kind: 'kneading', speed: 1 + (n % 2), direction: n % 2 ? 'clockwise' : 'counterclockwise' },
    });
    session.dispatch({ type: 'set', request: { kind: 'heat', level: 1 + (n % 3) } });
    await drive(ending, run, session, link);
    const ended = session.state.session?.end?.reason ?? null;
    if (ended) endReasons[ended] = (endReasons[ended] ?? 0) + 1;
    session.dispatch({ type: 'pain-after', score: n % 11 });
    // The cool-down and the daily cap would keep a real person waiting two hours; the soak
    // measures what piles up, so the engine is told no session counts yet and the next one starts.
    session.dispatch({ type: 'history', recent: [], lockedUntil: null, lockReason: null, triagePending: false });
    await run(MINUTE);
    samples.push({
      session: n,
      ending,
      endReason: ended,
      openSubscriptions: counter.open,
      firmwareListeners,
      timers: time.timerCount,
    });
    if (n === 0) heapWarmMb = heapMb(options.gc);
  }
  const heapEndMb = heapMb(options.gc);
  refusals.unsubscribe();
  // Whatever was still waiting to be written goes out first, as the page does when it is hidden.
  journal.flush();
  await time.advance(SECOND);
  const journalRecords = store.size;
  const journalIds = store.ids();

  device.disconnect();
  session.dispose();
  guidance.dispose();
  journal.dispose();
  await time.advance(SECOND);
  return {
    afterDispose: { openSubscriptions: counter.open, firmwareListeners, timers: time.timerCount },
    simulatedHours: options.hours,
    sessions: samples.length,
    samples,
    baseline,
    heapWarmMb,
    heapEndMb,
    journalRecords,
    started,
    journalIds,
    refusedStarts,
    endReasons,
  };
}

const realSetImmediate = globalThis.setImmediate;

/** Lets virtual time and real time (the page's dynamic imports) both run until the device is connected again. */
async function untilConnected(device: DeviceConnection, time: VirtualTime): Promise<void> {
  for (let waited = 0; device.state$.value.phase !== 'connected'; waited++) {
    if (waited > 2000) throw new Error(`the simulated massager did not reconnect (${device.state$.value.phase})`);
    await new Promise((resolve) => realSetImmediate(resolve));
    await time.advance(100);
  }
}

async function drive(ending: Ending, run: (ms: number) => Promise<void>, session: SessionService, link: SimLink): Promise<void> {
  switch (ending) {
    case 'runs to its limit':
      return run(15 * MINUTE + 5 * SECOND);
    case 'stopped':
      await run(3 * MINUTE);
      return session.stop();
    case 'paused, resumed, stopped':
      await run(2 * MINUTE);
      session.dispatch({ type: 'pause' });
      await run(MINUTE);
      session.dispatch({ type: 'resume' });
      await run(2 * MINUTE);
      return session.stop();
    case 'link dropped':
      await run(4 * MINUTE);
      // The device goes out of range: the link drops under the app, which reconnects by itself.
      link.dropLink();
      return run(10 * SECOND);
    case 'symptom stop':
      await run(MINUTE);
      session.dispatch({ type: 'symptom', kind: 'button' });
      await run(10 * SECOND);
      session.dispatch({ type: 'triage', answers: {} });
      return;
    case 'paused too long':
      await run(2 * MINUTE);
      session.dispatch({ type: 'pause' });
      return run(11 * MINUTE);
  }
}
