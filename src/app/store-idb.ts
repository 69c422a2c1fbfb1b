import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { JournalRecord } from '../core/journal/schema.js';
import { NO_HOLD, UNREADABLE_HOLD, type SafetyHold } from '../core/safety/hold.js';
import type { ScreeningAnswers } from '../core/safety/screening.js';
import type { RecentSession } from '../core/session/types.js';
import type * as Checks from '../core/storage/check.js';
import { DB_NAME, type DamagedRecord, type MergeOutcome, type Settings, type StoredProfile } from './store.js';

/**
 * The IndexedDB side of the store (see store.ts): loaded just after start-up with idb, not with
 * the first screen.
 */
export interface EasebackDb extends DBSchema {
  settings: { key: keyof Settings; value: Settings[keyof Settings] };
  /** The session journal: one record per session, by session id. */
  sessions: { key: string; value: JournalRecord; indexes: { startedAt: number } };
  /** Device profiles the person imported, by profile id. */
  profiles: { key: string; value: StoredProfile };
  /** Records set aside because they failed their checks when read. */
  damaged: { key: number; value: DamagedRecord };
}

/** 1: settings. 2: the session journal. 3: imported device profiles. 4: damaged records set aside. */
export const DB_VERSION = 4;

type Tx<Names extends StoreNames<EasebackDb>[]> = IDBPTransaction<EasebackDb, Names, 'readwrite'>;

export class IdbStore {
  private _db: Promise<IDBPDatabase<EasebackDb>> | null = null;
  private _checks: Promise<typeof Checks> | null = null;

  constructor(
    private readonly _name = DB_NAME,
    private readonly _clock: () => number = () => Date.now(),
    /** Told how many records of which kind were set aside, whenever a read finds damage. */
    private readonly _onSetAside: ((kind: DamagedRecord['store'], count: number) => void) | null = null,
  ) {}

  db(): Promise<IDBPDatabase<EasebackDb>> {
    let created = false;
    this._db ??= openDB<EasebackDb>(this._name, DB_VERSION, {
      // Each step runs once, in order, from whatever version this browser has: nothing kept is lost.
      // Records are not rewritten here: every read checks them, whichever version wrote them.
      upgrade(db, oldVersion) {
        created = oldVersion === 0;
        if (oldVersion < 1) db.createObjectStore('settings');
        if (oldVersion < 2) db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        if (oldVersion < 3) db.createObjectStore('profiles', { keyPath: 'id' });
        if (oldVersion < 4) db.createObjectStore('damaged', { autoIncrement: true });
      },
      // A newer Easeback opened in another tab needs to upgrade: step aside, and reopen on next use.
      blocking: (_current, _blocked, event) => {
        (event.target as IDBDatabase).close();
        this._db = null;
      },
    }).then((db) => {
      // A database kept from an earlier visit holds records to check: the checks load beside the
      // first reads. One created just now holds none, so a first visit never builds the schemas.
      if (!created) void this._loadChecks().catch(() => undefined);
      return db;
    });
    return this._db;
  }

  /**
   * The checks load with the first read that may need them, not with the first screen (they bring
   * the schemas). A load that failed (a dropped connection) is tried again by the next read, which
   * fails meanwhile: the caller then takes the safe case.
   */
  private _loadChecks(): Promise<typeof Checks> {
    this._checks ??= import('../core/storage/check.js').catch((error: unknown) => {
      this._checks = null;
      throw error;
    });
    return this._checks;
  }

  /** Loads the checks ahead of the reads that will need them (once the first screen is done with). */
  async preloadChecks(): Promise<void> {
    await this._loadChecks();
  }

  /**
   * The checks if they are loading (the database was kept from an earlier visit), else null. A
   * read that finds a record with no checks at hand (another tab wrote one into a database this
   * tab had just created) loads them and reads again, so no record is ever used unchecked.
   */
  private async _checksAtHand(): Promise<typeof Checks | null> {
    await this.db();
    return this._checks;
  }

  private _setAside(tx: Tx<['damaged', ...StoreNames<EasebackDb>[]]>, record: Omit<DamagedRecord, 'foundAt'>): void {
    void tx.objectStore('damaged').add({ ...record, foundAt: this._clock() });
  }

  /** Ends `tx` unchanged (nothing was written in it), loads the checks, and runs the read again. */
  private async _readAgainWithChecks<T>(tx: { readonly done: Promise<void> }, read: () => Promise<T>): Promise<T> {
    await tx.done;
    await this._loadChecks();
    return read();
  }

  /** Screening answers, or null when there are none, they are damaged, or they miss a question asked today. */
  async readScreening(): Promise<ScreeningAnswers | null> {
    const checks = await this._checksAtHand();
    const tx = (await this.db()).transaction(['settings', 'damaged'], 'readwrite');
    const raw: unknown = await tx.objectStore('settings').get('screening');
    let result: ScreeningAnswers | null = null;
    if (raw !== undefined && !checks) return this._readAgainWithChecks(tx, () => this.readScreening());
    if (raw !== undefined && checks) {
      const checked = checks.checkScreening(raw);
      if (checked.ok === true) result = checked.value;
      else if (checked.ok === false) {
        this._setAside(tx, { store: 'settings', key: 'screening', value: raw, reason: checked.reason });
        void tx.objectStore('settings').delete('screening');
        this._onSetAside?.('settings', 1);
      }
      // Incomplete answers stay where they are until the questions are answered again.
    }
    await tx.done;
    return result;
  }

  async putScreening(screening: ScreeningAnswers): Promise<void> {
    await (await this.db()).put('settings', screening, 'screening');
  }

  /**
   * Whether a loud sound stops the session. Anything but a stored `true` reads as off: the
   * microphone is never opened without a clear opt-in, and a damaged value is set aside.
   */
  async readLoudSoundStop(): Promise<boolean> {
    const tx = (await this.db()).transaction(['settings', 'damaged'], 'readwrite');
    const raw: unknown = await tx.objectStore('settings').get('loudSoundStop');
    if (raw !== undefined && typeof raw !== 'boolean') {
      this._setAside(tx, { store: 'settings', key: 'loudSoundStop', value: raw, reason: 'must be true or false' });
      void tx.objectStore('settings').delete('loudSoundStop');
      this._onSetAside?.('settings', 1);
    }
    await tx.done;
    return raw === true;
  }

  async putLoudSoundStop(on: boolean): Promise<void> {
    await (await this.db()).put('settings', on, 'loudSoundStop');
  }

  async readHold(): Promise<SafetyHold> {
    return this.changeHold((stored) => stored);
  }

  /**
   * Reads the hold stored now and writes `change(stored)` back in the same transaction, so no
   * tab ever writes over a change it has not seen. A damaged hold reads as UNREADABLE_HOLD (the
   * red-flag questions asked again), and is set aside.
   */
  async changeHold(change: (stored: SafetyHold) => SafetyHold): Promise<SafetyHold> {
    const checks = await this._checksAtHand();
    const tx = (await this.db()).transaction(['settings', 'damaged'], 'readwrite');
    const settings = tx.objectStore('settings');
    const raw: unknown = await settings.get('hold');
    let stored = NO_HOLD;
    if (raw !== undefined && !checks) return this._readAgainWithChecks(tx, () => this.changeHold(change));
    if (raw !== undefined && checks) {
      const checked = checks.checkHold(raw);
      if (checked.ok) stored = checked.value;
      else {
        this._setAside(tx, { store: 'settings', key: 'hold', value: raw, reason: checked.reason });
        stored = UNREADABLE_HOLD;
        this._onSetAside?.('settings', 1);
      }
    }
    const next = change(stored);
    if (raw === undefined ? next !== NO_HOLD : next !== stored || stored === UNREADABLE_HOLD) void settings.put(next, 'hold');
    await tx.done;
    return next;
  }

  /**
   * The limits trace's entries that pass their checks, and whether any did not (set aside). The
   * caller decides what a damaged entry means for the rests: it cannot mean "no session".
   */
  async changeTrace(
    change: (kept: readonly RecentSession[], damaged: boolean) => readonly RecentSession[],
  ): Promise<{ readonly trace: readonly RecentSession[]; readonly damaged: boolean }> {
    const checks = await this._checksAtHand();
    const tx = (await this.db()).transaction(['settings', 'damaged'], 'readwrite');
    const settings = tx.objectStore('settings');
    const raw: unknown = await settings.get('limitsTrace');
    if (raw !== undefined && !checks) return this._readAgainWithChecks(tx, () => this.changeTrace(change));
    const { kept, damaged } = checks ? checks.checkTrace(raw) : { kept: [], damaged: [] };
    for (const value of damaged) this._setAside(tx, { store: 'settings', key: 'limitsTrace', value, reason: 'not a session time' });
    if (damaged.length > 0) this._onSetAside?.('settings', damaged.length);
    const trace = change(kept, damaged.length > 0);
    // Nothing stored and nothing to store: left absent, so an empty store stays one (a first visit
    // then needs no checks on its next read).
    if (raw !== undefined || trace.length > 0) void settings.put(trace, 'limitsTrace');
    await tx.done;
    return { trace, damaged: damaged.length > 0 };
  }

  async putSession(record: JournalRecord): Promise<void> {
    await (await this.db()).put('sessions', record);
  }

  /** Every session that passes its checks, oldest first; damaged ones are set aside. */
  async allSessions(): Promise<JournalRecord[]> {
    return this._checkedSessions(null);
  }

  /** Sessions started at or after `from` that pass their checks, oldest first. */
  async sessionsSince(from: number): Promise<JournalRecord[]> {
    return this._checkedSessions(from);
  }

  /** Rewrites, in one transaction, every session `change` returns a new record for. Returns how many. */
  async updateSessions(change: (record: JournalRecord) => JournalRecord | null): Promise<number> {
    let changed = 0;
    await this._checkedSessions(null, (record) => {
      const next = change(record);
      if (next) changed++;
      return next;
    });
    return changed;
  }

  /**
   * Reads every session through its checks, in one transaction: damaged ones are set aside, and
   * `change` may rewrite good ones in the same transaction (so nothing another tab wrote in
   * between is overwritten by a copy read before it).
   */
  private async _checkedSessions(from: number | null, change?: (record: JournalRecord) => JournalRecord | null): Promise<JournalRecord[]> {
    const checks = await this._checksAtHand();
    const tx = (await this.db()).transaction(['sessions', 'damaged'], 'readwrite');
    const sessions = tx.objectStore('sessions');
    const kept: JournalRecord[] = [];
    let setAside = 0;
    let cursor = await sessions.openCursor();
    if (cursor && !checks) return this._readAgainWithChecks(tx, () => this._checkedSessions(from, change));
    // Every record, not only those in the index: one without a readable startedAt is not in it.
    for (; cursor && checks; cursor = await cursor.continue()) {
      const raw: unknown = cursor.value;
      const checked = checks.checkSessionRecord(raw);
      if (checked.ok) {
        const next = change?.(checked.value) ?? null;
        if (next) void cursor.update(next);
        const record = next ?? checked.value;
        if (from === null || record.startedAt >= from) kept.push(record);
        continue;
      }
      this._setAside(tx, { store: 'sessions', key: cursor.key, value: raw, reason: checked.reason });
      void cursor.delete();
      setAside++;
    }
    await tx.done;
    if (setAside > 0) this._onSetAside?.('sessions', setAside);
    return kept.sort((a, b) => a.startedAt - b.startedAt);
  }

  /**
   * Merges imported records by id, in one transaction: a session this browser does not have is
   * added; one it has is replaced only when the file's copy was changed later (updatedAt), so an
   * older backup never overwrites a newer pain score or check-in. Either every write lands or none.
   */
  async mergeSessions(records: readonly JournalRecord[]): Promise<MergeOutcome> {
    const { checkSessionRecord } = await this._loadChecks();
    const tx = (await this.db()).transaction('sessions', 'readwrite');
    let added = 0;
    let replaced = 0;
    let skipped = 0;
    for (const record of records) {
      const raw: unknown = await tx.store.get(record.id);
      if (raw === undefined) added++;
      else {
        const here = checkSessionRecord(raw);
        // A damaged copy here is no copy: the file's readable one takes its place.
        if (here.ok && here.value.updatedAt >= record.updatedAt) {
          skipped++;
          continue;
        }
        replaced++;
      }
      void tx.store.put(record);
    }
    await tx.done;
    return { added, replaced, skipped };
  }

  /** Records set aside as damaged, oldest first. */
  async allDamaged(): Promise<DamagedRecord[]> {
    return (await this.db()).getAll('damaged');
  }

  async allProfiles(): Promise<StoredProfile[]> {
    return (await this.db()).getAll('profiles');
  }

  async putProfile(profile: StoredProfile): Promise<void> {
    await (await this.db()).put('profiles', profile);
  }

  async deleteProfile(id: string): Promise<void> {
    await (await this.db()).delete('profiles', id);
  }

  async deleteAllSessions(): Promise<void> {
    await (await this.db()).clear('sessions');
  }
}
