import { BehaviorSubject, distinctUntilChanged, map } from 'rxjs';
import type { DeviceProfile, ProfileError } from '../core/profile/types.js';
import { err, type Result } from '../core/result.js';
import { restrictionsFor, type ScreeningAnswers } from '../core/safety/screening.js';
import { isOpen } from '../core/session/machine.js';
import type { BluetoothSupport } from '../transport/support.js';
import type { ChooserOutcome } from '../transport/web-bluetooth.js';
import type * as BluetoothModule from './bluetooth.js';
import type { StopWays } from './stop-ways.js';
import { DeviceConnection } from './device-connection.js';
import { GuidanceFeed } from './guidance-feed.js';
import { JournalService } from './journal-service.js';
import { SessionService } from './session-service.js';
import { SimulatorPort } from './simulator-port.js';
import { AppStore, type SafetyHold } from './store.js';
import { ScreenWakeLock, type WakeLockApi } from './wake-lock.js';

/**
 * The app layer's objects, made once at start-up and handed to the UI through one context.
 */
export class AppServices {
  /**
   * Built-in and imported profiles. Empty until the built-in ones are loaded, just after start-up:
   * their validator is not first-screen code.
   */
  readonly profiles$ = new BehaviorSubject<readonly DeviceProfile[]>([]);
  /** The profiles shipped in devices/, once loaded (the simulated massager can play any of them). */
  readonly builtIn$ = new BehaviorSubject<readonly DeviceProfile[]>([]);
  /** Profiles the person imported that still validate: they join the built-in ones in profiles$. */
  readonly imported$ = new BehaviorSubject<readonly DeviceProfile[]>([]);
  readonly device = new DeviceConnection(() => this.profiles$.value);
  readonly session: SessionService;
  readonly store: AppStore;
  readonly journal: JournalService;
  readonly support$ = new BehaviorSubject<BluetoothSupport | null>(null);
  /** The in-page massager while it is connected: the simulator panel's port to it. */
  readonly simulator = new SimulatorPort(() => this.device.link?.disconnect());
  /** The in-page firmware while the simulated massager is connected (tests read its snapshot). */
  readonly simulator$ = this.simulator.firmware$;
  readonly loaded$ = new BehaviorSubject(false);
  /** Which guidance fits the session and the person's latest action (guidance-feed.ts). */
  readonly guidance: GuidanceFeed;
  /**
   * A loud sound that stops the session (opt-in), and the microphone it needs only while one runs.
   * Loaded just after start-up, not with the first screen; it catches up with a session already open.
   */
  readonly stopWays$ = new BehaviorSubject<StopWays | null>(null);
  private _lastHold: SafetyHold | null = null;
  private _builtIn: Promise<readonly DeviceProfile[]> | null = null;
  /** Built-in and imported profiles both loaded: what the Bluetooth chooser's filters need. */
  private _profiles: Promise<void> | null = null;
  private _profilesLoaded = false;
  private _bluetooth: Promise<typeof BluetoothModule> | null = null;
  private _bluetoothLoaded: typeof BluetoothModule | null = null;

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
    ]);
    this.journal.watchPage();
    // Not waited for: a session cannot start before the person has seen the page.
    void import('./stop-ways.js')
      .then(({ StopWays }) => {
        const ways = new StopWays(this.store, this.session);
        this.stopWays$.next(ways);
        return ways.load();
      })
      .catch(() => undefined);
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
    this._watchPageVisibility();
    // Fetched now, before anyone can press Connect: the Bluetooth chooser needs them (and the
    // Bluetooth module) inside the click.
    void this._loadProfiles();
    const bluetooth = await this._loadBluetooth();
    this.support$.next(await bluetooth.detectBluetoothSupport());
  }

  /**
   * The screen stays on while a session is open. A hidden page's timers are throttled or stopped:
   * when it is shown again, one tick brings the countdown, check-ins and any end up to date at
   * once, without waiting for the next timer.
   */
  private _watchPageVisibility(): void {
    const wakeLock = new ScreenWakeLock((navigator as { wakeLock?: WakeLockApi }).wakeLock, () => document.visibilityState === 'visible');
    this.session.state$
      .pipe(
        map((state) => isOpen(state.session)),
        distinctUntilChanged(),
      )
      .subscribe((open) => wakeLock.keepAwake(open));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible') return;
      this.session.dispatch({ type: 'tick' });
      wakeLock.pageShown();
    });
  }

  private _loadBluetooth(): Promise<typeof BluetoothModule> {
    this._bluetooth ??= import('./bluetooth.js').then((module) => (this._bluetoothLoaded = module));
    return this._bluetooth;
  }

  async saveScreening(screening: ScreeningAnswers): Promise<void> {
    this.session.dispatch({ type: 'screening', screening });
    const allowed = restrictionsFor(screening).allowedPresets;
    const current = this.session.state.presetId;
    const first = allowed[0];
    if (first && !allowed.includes(current)) this.session.dispatch({ type: 'select-preset', presetId: first });
    await this.store.putSetting('screening', screening);
  }

  /** The profiles shipped in devices/, validated once; later calls share the first load. */
  builtInProfiles(): Promise<readonly DeviceProfile[]> {
    this._builtIn ??= import('../core/profile/builtin.js').then(({ BUILT_IN_PROFILES }) => {
      this.builtIn$.next(BUILT_IN_PROFILES);
      this.profiles$.next([...BUILT_IN_PROFILES, ...this.imported$.value]);
      return BUILT_IN_PROFILES;
    });
    return this._builtIn;
  }

  /** Connects the in-page simulated massager of the built-in profile `profileId`, running its family's firmware. */
  async connectSimulated(profileId = 'open-massager'): Promise<void> {
    const [profiles, { simulatedMassager }] = await Promise.all([this.builtInProfiles(), import('./simulated-massager.js')]);
    const profile = profiles.find((p) => p.id === profileId);
    if (!profile) throw new Error(`there is no built-in profile "${profileId}"`);
    const { simulator, link } = simulatedMassager(profile.family, performance.now());
    this.simulator.attach(simulator);
    await this.device.connect(link, profile);
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
    const [builtIn, { parseImportedProfile }] = await Promise.all([this.builtInProfiles(), import('../core/profile/narrowing.js')]);
    const parsed = parseImportedProfile(json, builtIn);
    if (!parsed.ok) return parsed;
    await this.store.putProfile({ id: parsed.value.id, json, importedAt: Date.now() });
    this._setImported([...this.imported$.value.filter((p) => p.id !== parsed.value.id), parsed.value]);
    return parsed;
  }

  async removeProfile(id: string): Promise<void> {
    await this.store.deleteProfile(id);
    this._setImported(this.imported$.value.filter((p) => p.id !== id));
  }

  private _loadProfiles(): Promise<void> {
    this._profiles ??= this._loadImportedProfiles()
      // An unreadable store still leaves the built-in profiles, which load on their own.
      .catch(() => this.builtInProfiles())
      .then(() => void (this._profilesLoaded = true));
    return this._profiles;
  }

  private async _loadImportedProfiles(): Promise<void> {
    const [builtIn, { parseImportedProfile }, stored] = await Promise.all([
      this.builtInProfiles(),
      import('../core/profile/narrowing.js'),
      this.store.allProfiles(),
    ]);
    const kept: DeviceProfile[] = [];
    for (const profile of stored) {
      // Validated again: a profile kept by an older Easeback may not pass today's rules, and is then not used.
      const parsed = parseImportedProfile(profile.json, builtIn);
      if (parsed.ok) kept.push(parsed.value);
    }
    this._setImported(kept);
  }

  private _setImported(imported: readonly DeviceProfile[]): void {
    this.imported$.next(imported);
    this.profiles$.next([...this.builtIn$.value, ...imported]);
  }

  /** Call from inside the click: the chooser needs the user's gesture. */
  async connectBluetooth(): Promise<ChooserOutcome> {
    // Loaded at start-up, so this waits only if Connect is pressed in the first instant (the
    // gesture still counts for a few seconds after the click).
    const bluetooth = this._bluetoothLoaded ?? (await this._loadBluetooth());
    if (!this._profilesLoaded) await this._loadProfiles();
    const outcome = await bluetooth.chooseDevice(this.profiles$.value);
    if (outcome.kind === 'chosen') {
      this.simulator.attach(null);
      await this.device.connect(new bluetooth.WebBluetoothLink(outcome.device));
    }
    return outcome;
  }

  async rememberedDevices(): Promise<BluetoothDevice[]> {
    return this.support$.value?.kind === 'ready' ? (await this._loadBluetooth()).rememberedDevices() : [];
  }

  async connectRemembered(device: BluetoothDevice): Promise<void> {
    const [bluetooth] = await Promise.all([this._loadBluetooth(), this._loadProfiles()]);
    this.simulator.attach(null);
    await this.device.connect(new bluetooth.WebBluetoothLink(device));
  }

  /** Stops, lets the stop reach the device, then disconnects. */
  async disconnect(): Promise<void> {
    this.session.stop();
    await this.device.settle(1000);
    this.device.disconnect();
    this.simulator.attach(null);
  }
}
