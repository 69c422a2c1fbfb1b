import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ScreeningAnswers } from '../core/safety/screening.js';
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
}

export interface EasebackDb extends DBSchema {
  settings: { key: keyof Settings; value: Settings[keyof Settings] };
}

export const DB_NAME = 'easeback';
export const DB_VERSION = 1;

export class AppStore {
  private _db: Promise<IDBPDatabase<EasebackDb>> | null = null;

  constructor(private readonly _name = DB_NAME) {}

  db(): Promise<IDBPDatabase<EasebackDb>> {
    this._db ??= openDB<EasebackDb>(this._name, DB_VERSION, {
      upgrade(db) {
        if (!db.objectStoreNames.contains('settings')) db.createObjectStore('settings');
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
}
