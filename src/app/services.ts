import { BehaviorSubject } from 'rxjs';
import { BUILT_IN_PROFILES, builtInProfile } from '../core/profile/builtin.js';
import { parseImportedProfile } from '../core/profile/narrowing.js';
import type { DeviceProfile, ProfileError } from '../core/profile/types.js';
import { err, type Result } from '../core/result.js';
import { restrictionsFor, type ScreeningAnswers } from '../core/safety/screening.js';
import { firmwareFor, type SimulatedMassager } from '../sim/firmware-for.js';
import { SimLink } from '../transport/sim-link.js';
import { detectBluetoothSupport, type BluetoothSupport } from '../transport/support.js';
import { chooseDevice, rememberedDevices, WebBluetoothLink, type ChooserOutcome } from '../transport/web-bluetooth.js';
import { DeviceConnection } from './device-connection.js';
import { GuidanceFeed } from './guidance-feed.js';
import { JournalService } from './journal-service.js';
import { SessionService } from './session-service.js';
import { AppStore, type SafetyHold } from './store.js';

/**
 * The app layer's objects, made once at start-up and handed to the UI through one context.
 */
export class AppServices {
  readonly profiles$ = new BehaviorSubject<readonly DeviceProfile[]>(BUILT_IN_PROFILES);
  readonly device = new DeviceConnection(() => this.profiles$.value);
  readonly session: SessionService;
  readonly store: AppStore;
  readonly journal: JournalService;
  readonly support$ = new BehaviorSubject<BluetoothSupport | null>(null);
  /** The in-page firmware while the simulated massager is connected: the simulator panel drives it. */
  readonly simulator$ = new BehaviorSubject<SimulatedMassager | null>(null);
  /** Profiles the person imported that still validate: they join the built-in ones in profiles$. */
  readonly imported$ = new BehaviorSubject<readonly DeviceProfile[]>([]);
  readonly loaded$ = new BehaviorSubject(false);
  /** Which guidance fits the session and the person's latest action (guidance-feed.ts). */
  readonly guidance: GuidanceFeed;
  private _lastHold: SafetyHold | null = null;

  constructor(options: { readonly store?: AppStore; readonly clock?: () => number } = {}) {
    this.store = options.store ?? new AppStore();
    this.session = new SessionService(this.device, options.clock);
    this.guidance = new GuidanceFeed(this.session);
    this.journal = new JournalService(this.store, this.session, options.clock);
    this.session.state$.subscribe((state) => {
      // The lock after a red flag, and an unanswered triage, must survive a reload.
      const hold: SafetyHold = { lockedUntil: state.lockedUntil, lockReason: state.lockReason, triagePending: state.triagePending };
      if (this._lastHold && JSON.stringify(hold) !== JSON.stringify(this._lastHold)) void this.store.putSetting('hold', hold);
      if (this.loaded$.value) this._lastHold = hold;
    });
  }

  /** Reads what was kept from earlier visits and starts the clock. */
  async load(): Promise<void> {
    const [screening, hold, recent] = await Promise.all([
      this.store.getSetting('screening'),
      this.store.getSetting('hold'),
      // Closes sessions a dead tab left open, then gives the last day's: the cool-down and daily cap hold across reloads.
      this.journal.open(),
      this._loadImportedProfiles(),
    ]);
    this.journal.watchPage();
    if (screening) this.session.dispatch({ type: 'screening', screening });
    this.session.dispatch({
      type: 'history',
      recent,
      lockedUntil: hold?.lockedUntil ?? null,
      lockReason: hold?.lockReason ?? null,
      triagePending: hold?.triagePending ?? false,
    });
    this._lastHold = hold ?? { lockedUntil: null, lockReason: null, triagePending: false };
    this.loaded$.next(true);
    this.session.startTicking();
    this.support$.next(await detectBluetoothSupport());
  }

  async saveScreening(screening: ScreeningAnswers): Promise<void> {
    this.session.dispatch({ type: 'screening', screening });
    const allowed = restrictionsFor(screening).allowedPresets;
    const current = this.session.state.presetId;
    const first = allowed[0];
    if (first && !allowed.includes(current)) this.session.dispatch({ type: 'select-preset', presetId: first });
    await this.store.putSetting('screening', screening);
  }

  /** Connects the in-page simulated massager of the built-in profile `profileId`, running its family's firmware. */
  async connectSimulated(profileId = 'open-massager'): Promise<void> {
    const profile = builtInProfile(profileId);
    if (!profile) throw new Error(`there is no built-in profile "${profileId}"`);
    const firmware = firmwareFor(profile.family, { now: performance.now() });
    this.simulator$.next(firmware);
    await this.device.connect(new SimLink(firmware), profile);
  }

  /**
   * Validates a profile file's text exactly as the built-in profiles are validated (plus the
   * narrowing rules for one that extends a built-in), and keeps it if it passes. A refusal names
   * the field. Importing a profile with the id of one already imported replaces it.
   */
  async importProfile(text: string): Promise<Result<DeviceProfile, ProfileError>> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error: unknown) {
      return err({
        kind: 'profile-error',
        field: '',
        message: `The file is not JSON (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
    const parsed = parseImportedProfile(json, BUILT_IN_PROFILES);
    if (!parsed.ok) return parsed;
    await this.store.putProfile({ id: parsed.value.id, json, importedAt: Date.now() });
    this._setImported([...this.imported$.value.filter((p) => p.id !== parsed.value.id), parsed.value]);
    return parsed;
  }

  async removeProfile(id: string): Promise<void> {
    await this.store.deleteProfile(id);
    this._setImported(this.imported$.value.filter((p) => p.id !== id));
  }

  private async _loadImportedProfiles(): Promise<void> {
    const kept: DeviceProfile[] = [];
    for (const stored of await this.store.allProfiles()) {
      // Validated again: a profile kept by an older Easeback may not pass today's rules, and is then not used.
      const parsed = parseImportedProfile(stored.json, BUILT_IN_PROFILES);
      if (parsed.ok) kept.push(parsed.value);
    }
    this._setImported(kept);
  }

  private _setImported(imported: readonly DeviceProfile[]): void {
    this.imported$.next(imported);
    this.profiles$.next([...BUILT_IN_PROFILES, ...imported]);
  }

  /** Call from inside the click: the chooser needs the user's gesture. */
  async connectBluetooth(): Promise<ChooserOutcome> {
    const outcome = await chooseDevice(this.profiles$.value);
    if (outcome.kind === 'chosen') {
      this.simulator$.next(null);
      await this.device.connect(new WebBluetoothLink(outcome.device));
    }
    return outcome;
  }

  async rememberedDevices(): Promise<BluetoothDevice[]> {
    return this.support$.value?.kind === 'ready' ? rememberedDevices() : [];
  }

  async connectRemembered(device: BluetoothDevice): Promise<void> {
    this.simulator$.next(null);
    await this.device.connect(new WebBluetoothLink(device));
  }

  /** Stops, lets the stop reach the device, then disconnects. */
  async disconnect(): Promise<void> {
    this.session.stop();
    await this.device.settle(1000);
    this.device.disconnect();
    this.simulator$.next(null);
  }
}
