import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { JournalRecord } from '../core/journal/schema.js';
import type { ScreeningAnswers } from '../core/safety/screening.js';
import type { RecentSession } from '../core/session/types.js';
import type { Care } from '../core/safety/triage.js';

/**
 * Everything Easeback keeps lives in this browser's IndexedDB, under the database "easeback".
 * Nothing is sent anywhere.
 */
export interface SafetyHold {
  readonly lockedUntil: number | null;
  readonly lockReason: Care | null;
  /** A symptom stop whose red-flag questions are not answered yet: survives a reload. */
  readonly triagePending: boolean;
}

export interface Settings {
  screening: ScreeningAnswers;
  hold: SafetyHold;
  /**
   * When sessions of the last day ran, and nothing else (no levels, no pain, no symptoms): kept
   * when the history is deleted, so that deleting it is not a way round the cool-down and the
   * daily cap. Entries older than a day are dropped at the next load.
   */
  limitsTrace: readonly RecentSession[];
  /** A loud sound stops the session (opt-in): only whether it is on; nothing heard is ever kept. */
  loudSoundStop: boolean;
}

/** A profile the person imported, kept as the JSON they gave: it is validated again at every load. */
export interface StoredProfile {
  readonly id: string;
  readonly json: unknown;
  readonly importedAt: number;
}

export interface EasebackDb extends DBSchema {
  settings: { key: keyof Settings; value: Settings[keyof Settings] };
  /** The session journal: one record per session, by session id. */
  sessions: { key: string; value: JournalRecord; indexes: { startedAt: number } };
  /** Device profiles the person imported, by profile id. */
  profiles: { key: string; value: StoredProfile };
}

export const DB_NAME = 'easeback';
/** 1: settings. 2: the session journal. 3: imported device profiles. */
export const DB_VERSION = 3;

export class AppStore {
  private _db: Promise<IDBPDatabase<EasebackDb>> | null = null;

  constructor(private readonly _name = DB_NAME) {}

  db(): Promise<IDBPDatabase<EasebackDb>> {
    this._db ??= openDB<EasebackDb>(this._name, DB_VERSION, {
      // Each step runs once, in order, from whatever version this browser has: nothing kept is lost.
      upgrade(db, oldVersion) {
        if (oldVersion < 1) db.createObjectStore('settings');
        if (oldVersion < 2) db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        if (oldVersion < 3) db.createObjectStore('profiles', { keyPath: 'id' });
      },
      // A newer Easeback opened in another tab needs to upgrade: step aside, and reopen on next use.
      blocking: (_current, _blocked, event) => {
        (event.target as IDBDatabase).close();
        this._db = null;
      },
    });
    return this._db;
  }

  async getSetting<K extends keyof Settings>(key: K): Promise<Settings[K] | undefined> {
    return (await (await this.db()).get('settings', key)) as Settings[K] | undefined;
  }

  async putSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
    await (await this.db()).put('settings', value, key);
  }

  async putSession(record: JournalRecord): Promise<void> {
    await (await this.db()).put('sessions', record);
  }

  /** Every session, oldest first. */
  async allSessions(): Promise<JournalRecord[]> {
    return (await this.db()).getAllFromIndex('sessions', 'startedAt');
  }

  /** Sessions started at or after `from`, oldest first. */
  async sessionsSince(from: number): Promise<JournalRecord[]> {
    return (await this.db()).getAllFromIndex('sessions', 'startedAt', IDBKeyRange.lowerBound(from));
  }

  /** Rewrites, in one transaction, every session `change` returns a new record for. Returns how many. */
  async updateSessions(change: (record: JournalRecord) => JournalRecord | null): Promise<number> {
    const tx = (await this.db()).transaction('sessions', 'readwrite');
    let changed = 0;
    for await (const cursor of tx.store) {
      const next = change(cursor.value);
      if (next) {
        changed++;
        await cursor.update(next);
      }
    }
    await tx.done;
    return changed;
  }

  /**
   * Writes all the records in one transaction: either every one is stored, or none is. Returns how
   * many replaced a session already kept (same id).
   */
  async putSessions(records: readonly JournalRecord[]): Promise<number> {
    const tx = (await this.db()).transaction('sessions', 'readwrite');
    const kept = new Set(await tx.store.getAllKeys());
    await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
    return records.filter((record) => kept.has(record.id)).length;
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
