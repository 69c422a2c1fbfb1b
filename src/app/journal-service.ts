import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { closeAsInterrupted, isOpenRecord, recentFromRecords, recordFromSession, shouldWrite } from '../core/journal/record.js';
import type { JournalRecord } from '../core/journal/schema.js';
import type { TrendAdvice } from '../core/journal/trend.js';
import { GLOBAL_CAPS } from '../core/safety/caps.js';
import { PRESETS } from '../core/safety/presets.js';
import type { MachineState, RecentSession } from '../core/session/types.js';
import type * as CrossTab from './cross-tab.js';
import type { SessionService } from './session-service.js';
import type { AppStore, MergeOutcome } from './store.js';

const DAY = 24 * 60 * 60_000;

/** What the journal needs of the store (the soak gives it one in memory). */
export type JournalStore = Pick<
  AppStore,
  'putSession' | 'allSessions' | 'sessionsSince' | 'updateSessions' | 'mergeSessions' | 'changeTrace' | 'deleteAllSessions'
>;

/**
 * A damaged session record, or a damaged entry of the limits trace, may be a session of the last
 * few hours: it cannot count as none. It counts as one that ended when the damage was found, with
 * the longest rest any preset has (a judgment: failing closed costs a wait, never a burn).
 */
const REST_AFTER_DAMAGE_MS = Math.max(...PRESETS.map((preset) => preset.cooldownMs.value));

/**
 * Keeps the session journal in IndexedDB. Each session's record is written when it starts, at
 * once when anything happens (stop, symptom, check-in, pain score, triage), and every few seconds
 * while it runs, so a tab that crashes or closes leaves a record that ends close to when it died.
 * Writes go after the session engine has sent its bytes: the journal never delays a stop.
 */
export class JournalService {
  /** After every write, import or delete: views re-read the journal on it. */
  readonly changed$ = new Subject<void>();
  /** Every session, oldest first (null until first read), read again after each change. */
  readonly records$ = new BehaviorSubject<readonly JournalRecord[] | null>(null);
  /**
   * Whether the journal says to see a doctor or physical therapist (core/journal/trend.ts). The
   * rule is loaded on demand, with the history view's code, to keep the first screen small.
   */
  readonly advice$ = new BehaviorSubject<TrendAdvice | null>(null);
  /** Set when the browser refused to store the journal (private mode, full disk). */
  readonly problem$ = new BehaviorSubject<string | null>(null);
  /** Stored records found damaged and set aside since load (History shows and exports them). */
  readonly damaged$ = new BehaviorSubject(0);
  /**
   * The last record this tab wrote that the store confirmed (null before the first). The page
   * says something is "kept" only once it is here, not when it was asked for.
   */
  readonly stored$ = new BehaviorSubject<JournalRecord | null>(null);
  /** Called after each record this tab writes: the other tabs re-read the daily count and rests. */
  onWritten: (() => void) | null = null;

  private _written: JournalRecord | null = null;
  /** The latest record not yet written (time creeping on between progress writes). */
  private _pending: JournalRecord | null = null;
  /** Writes run one after another, so an older record never lands after a newer one. */
  private _queue: Promise<void> = Promise.resolve();
  private readonly _subscription: Subscription;
  private readonly _changes: Subscription;
  /** Counts reads, so a slow read that finishes after a newer one is dropped. */
  private _reads = 0;
  /** The Web Lock held while this tab's session is open, and which session it is for. */
  private _sessionLock: { readonly id: string; release(): void } | null = null;
  private _damagedSessions = 0;

  constructor(
    private readonly _store: JournalStore,
    private readonly _session: SessionService,
    private readonly _clock: () => number = () => Date.now(),
  ) {
    this._subscription = _session.applied$.subscribe(({ state }) => this._onState(state));
    this._changes = this.changed$.subscribe(() => void this._refresh());
  }

  /**
   * At load: closes as interrupted every session a dead tab left open (not one another open tab
   * is still running: it holds that session's lock), and returns the last day's sessions, which
   * the cool-down and the daily cap need.
   */
  async open(): Promise<RecentSession[]> {
    // The Web Locks helpers load on demand: not first-screen code.
    const { heldLocks, sessionLockName } = await crossTab();
    const live = await heldLocks();
    const damagedBefore = this._damagedSessions;
    await this._store.updateSessions((r) => (isOpenRecord(r) && !live.has(sessionLockName(r.id)) ? closeAsInterrupted(r) : null));
    this.changed$.next();
    const recent = await this.recentFromStore();
    const damaged = this._damagedSessions > damagedBefore;
    const now = this._clock();
    const { trace } = await this._store.changeTrace((kept, traceDamaged) => [
      ...kept.filter((r) => r.startedAt >= now - DAY),
      ...(damaged || traceDamaged
        ? [{ startedAt: now, endedAt: now, activeMs: GLOBAL_CAPS.countsAfterMs.value, cooldownMs: REST_AFTER_DAMAGE_MS }]
        : []),
    ]);
    return mergeRecent(recent, trace);
  }

  /** Damage found by a read of the store: called by the store, through the app's services. */
  noteDamaged(kind: 'settings' | 'sessions', count: number): void {
    if (kind === 'sessions') this._damagedSessions += count;
    this.damaged$.next(this.damaged$.value + count);
  }

  /**
   * The last day's sessions as the store has them now, with the limits trace, and sessions other
   * tabs are running (as if they ended at their last write, and counted whatever their length:
   * a person using two massagers at once is still in one session). Read again when another tab
   * says it wrote.
   */
  async recentFromStore(): Promise<RecentSession[]> {
    const since = this._clock() - DAY;
    const records = await this._store.sessionsSince(since);
    const mine = this._session.state.session?.id;
    const running = records
      .filter((r) => isOpenRecord(r) && r.id !== mine)
      .map((r) => ({
        startedAt: r.startedAt,
        endedAt: r.updatedAt,
        activeMs: Math.max(r.activeMs, GLOBAL_CAPS.countsAfterMs.value),
        cooldownMs: r.limits.cooldownMs,
      }));
    const { trace } = await this._store.changeTrace((kept) => kept);
    return mergeRecent([...recentFromRecords(records), ...running], trace);
  }

  /** The last chance to write before the page goes away (tab closed, switched away, reloaded). */
  watchPage(): void {
    const flush = () => this.flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
  }

  flush(): void {
    if (this._pending) this._write(this._pending);
  }

  list(): Promise<JournalRecord[]> {
    return this._store.allSessions();
  }

  /**
   * Merges already-validated records by id, all or none, in one transaction: a session already
   * here is replaced only by a copy changed later (store.mergeSessions), so an older backup never
   * destroys newer data. A record with the id of the session running now is left out: the running
   * page owns it. Sessions from the last day join the cool-down and the daily cap at once.
   */
  async importRecords(records: readonly JournalRecord[]): Promise<MergeOutcome & { readonly running: number }> {
    const live = this._session.state.session;
    const kept = records.filter((r) => !(live && live.status !== 'ended' && r.id === live.id));
    const outcome = await this._store.mergeSessions(kept);
    const state = this._session.state;
    const recent = mergeRecent(state.recent, await this.recentFromStore());
    if (recent.length !== state.recent.length) {
      this._session.dispatch({
        type: 'history',
        recent,
        lockedUntil: state.lockedUntil,
        lockReason: state.lockReason,
        triagePending: state.triagePending,
      });
    }
    this.changed$.next();
    this.onWritten?.();
    return { ...outcome, running: records.length - kept.length };
  }

  /**
   * Deletes every record. Only when the last day's sessions ran is kept (limitsTrace), so the
   * cool-down and the daily cap still hold after a reload: deleting history is not a way round them.
   */
  async deleteAll(): Promise<void> {
    await this._queue;
    const since = this._clock() - DAY;
    const recent = this._session.state.recent.filter((r) => r.startedAt >= since);
    await this._store.changeTrace((kept) => mergeRecent(kept, recent));
    await this._store.deleteAllSessions();
    // The session still on screen counts as written: only something new about it (or, if it is
    // still running, its next progress write) stores it again.
    const session = this._session.state.session;
    this._written = session ? recordFromSession(session, this._session.state.now) : null;
    this._pending = null;
    this.changed$.next();
  }

  dispose(): void {
    this._sessionLock?.release();
    this._sessionLock = null;
    this._subscription.unsubscribe();
    this._changes.unsubscribe();
  }

  private async _refresh(): Promise<void> {
    const read = ++this._reads;
    try {
      const records = await this.list();
      // An empty journal (a first visit) has no trend: the advice's code is fetched only for records.
      const advice = records.length === 0 ? null : (await import('../core/journal/trend.js')).trendAdvice(records, this._clock());
      if (read !== this._reads) return;
      this.records$.next(records);
      this.advice$.next(advice);
    } catch (error: unknown) {
      this.problem$.next(`The journal could not be read in this browser (${error instanceof Error ? error.message : String(error)}).`);
    }
  }

  private _onState(state: MachineState): void {
    const session = state.session;
    if (!session) return;
    this._holdSessionLock(session.id, session.status !== 'ended');
    const next = recordFromSession(session, state.now);
    if (shouldWrite(this._written, next)) this._write(next);
    else if (next.endedAt === null) this._pending = next;
  }

  private _write(record: JournalRecord): void {
    this._written = record;
    this._pending = null;
    this._queue = this._queue.then(
      () =>
        this._store.putSession(record).then(
          () => {
            if (this.problem$.value) this.problem$.next(null);
            this.stored$.next(record);
            this.changed$.next();
            this.onWritten?.();
          },
          (error: unknown) => {
            this.problem$.next(
              `The journal could not be saved in this browser (${error instanceof Error ? error.message : String(error)}).`,
            );
          },
        ),
      () => undefined,
    );
  }

  /** Holds the running session's Web Lock while it is open, so another tab's load leaves its record open. */
  private _holdSessionLock(id: string, open: boolean): void {
    if (open && this._sessionLock?.id !== id) {
      this._sessionLock?.release();
      const lock = { id, release: (): void => undefined };
      this._sessionLock = lock;
      void crossTab()
        .then(({ tryHold, sessionLockName }) => tryHold(sessionLockName(id)))
        .then((held) => {
          if (!held) return;
          if (this._sessionLock === lock) lock.release = () => held.release();
          else held.release();
        });
    } else if (!open && this._sessionLock?.id === id) {
      this._sessionLock.release();
      this._sessionLock = null;
    }
  }
}

function crossTab(): Promise<typeof CrossTab> {
  return import('./cross-tab.js');
}

/** Sessions of both lists, each once (a session is known by when it started). */
function mergeRecent(a: readonly RecentSession[], b: readonly RecentSession[]): RecentSession[] {
  const byStart = new Map<number, RecentSession>();
  for (const r of [...a, ...b]) {
    const known = byStart.get(r.startedAt);
    // The same session seen twice (running, then ended): the later end is the one that counts.
    if (!known || r.endedAt > known.endedAt) byStart.set(r.startedAt, r);
  }
  return [...byStart.values()].sort((x, y) => x.startedAt - y.startedAt);
}
