import type { JournalRecord } from '../core/journal/schema.js';
import type { SafetyHold } from '../core/safety/hold.js';
import type { ScreeningAnswers } from '../core/safety/screening.js';
import type { RecentSession } from '../core/session/types.js';
import type { IdbStore } from './store-idb.js';

export type { SafetyHold } from '../core/safety/hold.js';

/**
 * Everything Easeback keeps lives in this browser's IndexedDB, under the database "easeback".
 * Nothing is sent anywhere.
 *
 * Every record is checked when it is read back, by the same schemas as an import
 * (core/storage/check.ts). A record that fails is set aside in "damaged" (kept as it was, shown
 * and exportable from History) and the app takes the safe reading: screening not answered, a
 * hold that asks the red-flag questions again, a rest from now.
 */
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

/** A stored record that did not pass its checks, kept exactly as it was found. */
export interface DamagedRecord {
  readonly store: 'settings' | 'sessions';
  readonly key: string;
  readonly value: unknown;
  /** What the check found wrong, e.g. "limits: is missing". */
  readonly reason: string;
  readonly foundAt: number;
}

export const DB_NAME = 'easeback';

/** What an import did, session by session, so the person is told what was kept and what was skipped. */
export interface MergeOutcome {
  /** Sessions this browser did not have. */
  readonly added: number;
  /** Sessions whose copy in the file was changed later than the one here. */
  readonly replaced: number;
  /** Sessions kept as they are here: this browser's copy is as new as the file's, or newer. */
  readonly skipped: number;
}

/**
 * The app's store. Its IndexedDB code (store-idb.ts, with idb and the record checks) loads on the
 * first call, just after start-up, so the first screen's JavaScript stays small.
 */
export class AppStore {
  /** Called with how many records of which kind were set aside, whenever a read finds damage. */
  onSetAside: ((kind: DamagedRecord['store'], count: number) => void) | null = null;
  private _store: Promise<IdbStore> | null = null;

  constructor(
    private readonly _name = DB_NAME,
    private readonly _clock: () => number = () => Date.now(),
  ) {}

  private _idb(): Promise<IdbStore> {
    this._store ??= import('./store-idb.js').then(
      ({ IdbStore }) => new IdbStore(this._name, this._clock, (kind, count) => this.onSetAside?.(kind, count)),
    );
    return this._store;
  }

  /** The record checks, loaded ahead of the reads that will need them (store-idb.ts). */
  async preloadChecks(): Promise<void> {
    return (await this._idb()).preloadChecks();
  }
  async readScreening(): Promise<ScreeningAnswers | null> {
    return (await this._idb()).readScreening();
  }
  async putScreening(screening: ScreeningAnswers): Promise<void> {
    return (await this._idb()).putScreening(screening);
  }
  async readLoudSoundStop(): Promise<boolean> {
    return (await this._idb()).readLoudSoundStop();
  }
  async putLoudSoundStop(on: boolean): Promise<void> {
    return (await this._idb()).putLoudSoundStop(on);
  }
  async readHold(): Promise<SafetyHold> {
    return (await this._idb()).readHold();
  }
  async changeHold(change: (stored: SafetyHold) => SafetyHold): Promise<SafetyHold> {
    return (await this._idb()).changeHold(change);
  }
  async changeTrace(
    change: (kept: readonly RecentSession[], damaged: boolean) => readonly RecentSession[],
  ): Promise<{ readonly trace: readonly RecentSession[]; readonly damaged: boolean }> {
    return (await this._idb()).changeTrace(change);
  }
  async putSession(record: JournalRecord): Promise<void> {
    return (await this._idb()).putSession(record);
  }
  async allSessions(): Promise<JournalRecord[]> {
    return (await this._idb()).allSessions();
  }
  async sessionsSince(from: number): Promise<JournalRecord[]> {
    return (await this._idb()).sessionsSince(from);
  }
  async updateSessions(change: (record: JournalRecord) => JournalRecord | null): Promise<number> {
    return (await this._idb()).updateSessions(change);
  }
  async mergeSessions(records: readonly JournalRecord[]): Promise<MergeOutcome> {
    return (await this._idb()).mergeSessions(records);
  }
  async allDamaged(): Promise<DamagedRecord[]> {
    return (await this._idb()).allDamaged();
  }
  async allProfiles(): Promise<StoredProfile[]> {
    return (await this._idb()).allProfiles();
  }
  async putProfile(profile: StoredProfile): Promise<void> {
    return (await this._idb()).putProfile(profile);
  }
  async deleteProfile(id: string): Promise<void> {
    return (await this._idb()).deleteProfile(id);
  }
  async deleteAllSessions(): Promise<void> {
    return (await this._idb()).deleteAllSessions();
  }
}
