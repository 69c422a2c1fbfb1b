import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { closeAsInterrupted, isOpenRecord, recentFromRecords, recordFromSession, shouldWrite } from '../core/journal/record.js';
import type { JournalRecord } from '../core/journal/schema.js';
import type { TrendAdvice } from '../core/journal/trend.js';
import type { MachineState, RecentSession } from '../core/session/types.js';
import type { SessionService } from './session-service.js';
import type { AppStore } from './store.js';

const DAY = 24 * 60 * 60_000;

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

  private _written: JournalRecord | null = null;
  /** The latest record not yet written (time creeping on between progress writes). */
  private _pending: JournalRecord | null = null;
  /** Writes run one after another, so an older record never lands after a newer one. */
  private _queue: Promise<void> = Promise.resolve();
  private readonly _subscription: Subscription;
  private readonly _changes: Subscription;
  /** Counts reads, so a slow read that finishes after a newer one is dropped. */
  private _reads = 0;

  constructor(
    private readonly _store: AppStore,
    private readonly _session: SessionService,
    private readonly _clock: () => number = () => Date.now(),
  ) {
    this._subscription = _session.applied$.subscribe(({ state }) => this._onState(state));
    this._changes = this.changed$.subscribe(() => void this._refresh());
  }

  /**
   * At load: closes as interrupted every session a dead tab left open, and returns the last day's
   * sessions, which the cool-down and the daily cap need.
   */
  async open(): Promise<RecentSession[]> {
    await this._store.updateSessions((r) => (isOpenRecord(r) ? closeAsInterrupted(r) : null));
    this.changed$.next();
    const since = this._clock() - DAY;
    const fromRecords = recentFromRecords(await this._store.sessionsSince(since));
    const trace = ((await this._store.getSetting('limitsTrace')) ?? []).filter((r) => r.startedAt >= since);
    await this._store.putSetting('limitsTrace', trace);
    const known = new Set(fromRecords.map((r) => `${r.startedAt}/${r.endedAt}`));
    return [...fromRecords, ...trace.filter((r) => !known.has(`${r.startedAt}/${r.endedAt}`))];
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
   * Stores already-validated records, all or none, in one transaction. A record with the id of
   * the session running now is left out: the running page owns it. Sessions from the last day
   * join the cool-down and the daily cap at once.
   */
  async importRecords(records: readonly JournalRecord[]): Promise<{ readonly stored: number; readonly replaced: number }> {
    const live = this._session.state.session;
    const kept = records.filter((r) => !(live && live.status !== 'ended' && r.id === live.id));
    const replaced = await this._store.putSessions(kept);
    const now = this._clock();
    const state = this._session.state;
    const known = new Set(state.recent.map((r) => `${r.startedAt}/${r.endedAt}`));
    const added = recentFromRecords(kept.filter((r) => r.startedAt >= now - DAY)).filter((r) => !known.has(`${r.startedAt}/${r.endedAt}`));
    if (added.length > 0) {
      this._session.dispatch({
        type: 'history',
        recent: [...state.recent, ...added],
        lockedUntil: state.lockedUntil,
        lockReason: state.lockReason,
        triagePending: state.triagePending,
      });
    }
    this.changed$.next();
    return { stored: kept.length, replaced };
  }

  /**
   * Deletes every record. Only when the last day's sessions ran is kept (limitsTrace), so the
   * cool-down and the daily cap still hold after a reload: deleting history is not a way round them.
   */
  async deleteAll(): Promise<void> {
    await this._queue;
    const since = this._clock() - DAY;
    await this._store.putSetting(
      'limitsTrace',
      this._session.state.recent.filter((r) => r.startedAt >= since),
    );
    await this._store.deleteAllSessions();
    // The session still on screen counts as written: only something new about it (or, if it is
    // still running, its next progress write) stores it again.
    const session = this._session.state.session;
    this._written = session ? recordFromSession(session, this._session.state.now) : null;
    this._pending = null;
    this.changed$.next();
  }

  dispose(): void {
    this._subscription.unsubscribe();
    this._changes.unsubscribe();
  }

  private async _refresh(): Promise<void> {
    const read = ++this._reads;
    try {
      const [records, { trendAdvice }] = await Promise.all([this.list(), import('../core/journal/trend.js')]);
      if (read !== this._reads) return;
      this.records$.next(records);
      this.advice$.next(trendAdvice(records, this._clock()));
    } catch (error: unknown) {
      this.problem$.next(`The journal could not be read in this browser (${error instanceof Error ? error.message : String(error)}).`);
    }
  }

  private _onState(state: MachineState): void {
    const session = state.session;
    if (!session) return;
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
            this.changed$.next();
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
}
