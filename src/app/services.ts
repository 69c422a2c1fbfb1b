import { BehaviorSubject, distinctUntilChanged, filter, map, take } from 'rxjs';
import type { DeviceProfile, ProfileError } from '../core/profile/types.js';
import { err, type Result } from '../core/result.js';
import { applyHoldChange, expireLock, NO_HOLD, sameHold, UNREADABLE_HOLD, type SafetyHold } from '../core/safety/hold.js';
import { restrictionsFor, type ScreeningAnswers } from '../core/safety/screening.js';
import { vetLatchRelease } from '../core/safety/vet.js';
import { isOpen } from '../core/session/machine.js';
import type { MachineState } from '../core/session/types.js';
import type { BluetoothSupport } from '../transport/support.js';
import type { ChooserOutcome } from '../transport/web-bluetooth.js';
import type * as BluetoothModule from './bluetooth.js';
import type { BoardCheckControls } from './board-check.js';
import type { StopWays } from './stop-ways.js';
import { DeviceConnection } from './device-connection.js';
import { GuidanceFeed } from './guidance-feed.js';
import { IdleQueue } from './idle.js';
import { JournalService } from './journal-service.js';
import { SessionService } from './session-service.js';
import { AppClock } from './clock.js';
import type * as CrossTabModule from './cross-tab.js';
import type { CrossTabMessage, TabCoordinator } from './cross-tab.js';
import { SimulatorPort } from './simulator-port.js';
import { AppStore, DB_NAME } from './store.js';
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
  readonly simulator = new SimulatorPort(() => this.device.dropLink());
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
  /** The app's clock: monotonic while the page is shown (clock.ts). */
  readonly clock: AppClock;
  /**
   * Set when the massager the person chose is controlled by another Easeback tab: which one, and
   * a way to take over (that tab stops its session first).
   */
  readonly controlledElsewhere$ = new BehaviorSubject<{ readonly name: string; readonly by: string } | null>(null);
  /** The hold as this tab last stored or read it: the base its next change is applied to. */
  private _lastHold: SafetyHold | null = null;
  /** Hold writes run one after another, so a later change is never overtaken by an earlier one. */
  private _holdWrites: Promise<unknown> = Promise.resolve();
  /** Messages to and from the other tabs, and the massager's Web Lock (cross-tab.ts): loaded just after start-up. */
  private _tabs: Promise<TabCoordinator> | null = null;
  private _tabsLoaded: TabCoordinator | null = null;
  private _builtIn: Promise<readonly DeviceProfile[]> | null = null;
  /** Built-in and imported profiles both loaded: what the Bluetooth chooser's filters need. */
  private _profiles: Promise<void> | null = null;
  private _profilesLoaded = false;
  private _bluetooth: Promise<typeof BluetoothModule> | null = null;
  private _bluetoothLoaded: typeof BluetoothModule | null = null;
  /** Start-up work the first screen does not need, run when the page is idle (idle.ts). */
  private readonly _afterStart = new IdleQueue();

  constructor(options: { readonly store?: AppStore; readonly clock?: () => number } = {}) {
    this.clock = new AppClock();
    const clock = options.clock ?? this.clock.now;
    this.store = options.store ?? new AppStore(DB_NAME, clock);
    this.session = new SessionService(this.device, clock);
    this.guidance = new GuidanceFeed(this.session);
    this.journal = new JournalService(this.store, this.session, clock);
    this.store.onSetAside = (kind, count) => this.journal.noteDamaged(kind, count);
    this.journal.onWritten = () => this._post({ kind: 'journal' });
    this.session.state$.subscribe((state) => this._onState(state));
  }

  private _post(message: CrossTabMessage): void {
    this._tabsLoaded?.post(message);
  }

  private _loadTabs(): Promise<TabCoordinator> {
    this._tabs ??= import('./cross-tab.js').then(({ TabCoordinator }: typeof CrossTabModule) => {
      const tabs = new TabCoordinator({
        storedChanged: (kind) => this._storedChanged(kind),
        disconnect: () => this.disconnect(),
        connectDevice: (device) => this._connectDevice(device),
        showControlledElsewhere: (elsewhere) => this.controlledElsewhere$.next(elsewhere),
      });
      this._tabsLoaded = tabs;
      return tabs;
    });
    return this._tabs;
  }

  /**
   * The lock after a red flag, and an unanswered triage, survive a reload and reach every tab.
   * This tab's change is applied to the hold stored now, in one transaction (store.changeHold,
   * core/safety/hold.ts): a tab that never saw another's lock cannot write "no lock" over it.
   */
  private _onState(state: MachineState): void {
    if (!this.loaded$.value || !this._lastHold) return;
    const hold: SafetyHold = { lockedUntil: state.lockedUntil, lockReason: state.lockReason, triagePending: state.triagePending };
    // A lock that ran out asks its red-flag questions again (a clock set ahead cannot skip them).
    const expired = expireLock(hold, state.now);
    if (expired !== hold) {
      this.session.dispatch({ type: 'history', recent: state.recent, ...expired });
      return;
    }
    const before = this._lastHold;
    if (sameHold(hold, before)) return;
    this._lastHold = hold;
    this._holdWrites = this._holdWrites
      .then(() => this.store.changeHold((stored) => applyHoldChange(stored, before, hold, this.session.state.now)))
      .then((merged) => {
        this._post({ kind: 'hold' });
        this._adoptHold(merged);
      })
      .catch(() => undefined);
  }

  /** Takes the stored hold as this tab's own (another tab's lock, or what a merge kept). */
  private _adoptHold(stored: SafetyHold): void {
    const state = this.session.state;
    const mine: SafetyHold = { lockedUntil: state.lockedUntil, lockReason: state.lockReason, triagePending: state.triagePending };
    this._lastHold = stored;
    if (sameHold(stored, mine)) return;
    // A session running here that the hold now forbids ends at once (the engine's history event).
    this.session.dispatch({ type: 'history', recent: state.recent, ...stored });
  }

  /** Another tab stored something: read it again, through the store's checks, and act on it here. */
  private async _storedChanged(kind: 'hold' | 'screening' | 'journal'): Promise<void> {
    if (!this.loaded$.value) return;
    if (kind === 'hold') {
      // A hold another tab changed that cannot be read here is the unreadable one: the red-flag
      // questions are asked again, and what runs here stops (as when a stored hold is damaged).
      this._holdWrites = this._holdWrites
        .then(() => this.store.readHold().catch(() => UNREADABLE_HOLD))
        .then((stored) => this._adoptHold(stored));
      await this._holdWrites.catch(() => undefined);
    } else if (kind === 'screening') {
      const screening = await this.store.readScreening();
      // New answers end a session they no longer allow (the engine's screening event).
      if (screening && JSON.stringify(screening) !== JSON.stringify(this.session.state.screening)) this._applyScreening(screening);
    } else {
      this.journal.changed$.next();
      const recent = await this.journal.recentFromStore();
      const now = this.session.state;
      const known = new Set(now.recent.map((r) => `${r.startedAt}/${r.endedAt}`));
      // Another tab's session (running or ended) joins the daily count and the rests here.
      if (recent.some((r) => !known.has(`${r.startedAt}/${r.endedAt}`))) {
        this.session.dispatch({
          type: 'history',
          recent: [...now.recent.filter((r) => !recent.some((s) => s.startedAt === r.startedAt)), ...recent],
          lockedUntil: now.lockedUntil,
          lockReason: now.lockReason,
          triagePending: now.triagePending,
        });
      }
    }
  }

  /** Reads what was kept from earlier visits and starts the clock. */
  async load(): Promise<void> {
    const [screening, hold, recent] = await Promise.all([
      // Every read goes through the store's checks: damaged records are set aside, and read as the safe case.
      this.store.readScreening().catch(() => null),
      this.store.readHold().catch(() => ({ ...NO_HOLD, triagePending: true })),
      // Closes sessions a dead tab left open, then gives the last day's: the cool-down and daily cap hold across reloads.
      this.journal.open(),
    ]);
    this.journal.watchPage();
    if (screening) this.session.dispatch({ type: 'screening', screening });
    // A Symptoms press (or a lock) made while the store was still being read is this tab's change
    // to the stored hold, like any later one: the load must not wipe it out.
    const state = this.session.state;
    const early: SafetyHold = { lockedUntil: state.lockedUntil, lockReason: state.lockReason, triagePending: state.triagePending };
    this.session.dispatch({ type: 'history', recent, ...applyHoldChange(hold, NO_HOLD, early, state.now) });
    this._lastHold = hold;
    this.loaded$.next(true);
    // The hold as loaded may differ from the one stored (a lock that ran out asks again): store it.
    this._onState(this.session.state);
    this.session.startTicking();
    this._watchPageVisibility();
    // The rest is not needed for the first screen: one piece per idle period (idle.ts), in this
    // order. A session cannot start before the person has seen the page, and the Bluetooth
    // chooser's profiles and module are loaded long before anyone can press Connect (which loads
    // them itself if it comes first).
    this._afterStart.add(() => this._loadTabs());
    // On a first visit the safety questions come before anything else, and everything below
    // serves only what comes after them: it waits for the answers, so a slow phone spends its
    // first seconds on the page the person is reading (issue 13). A returning visitor's answers
    // were read above, so for them it is queued at once.
    this._whenScreened(() => {
      // The stored records' checks first: a first visit's empty store did without them, and every
      // read from now on (the first session's journal, another tab's lock) needs them.
      this._afterStart.add(() => this.store.preloadChecks());
      this._afterStart.add(() =>
        import('./stop-ways.js').then(({ StopWays }) => {
          const ways = new StopWays(this.store, this.session);
          this.stopWays$.next(ways);
          return ways.load();
        }),
      );
      // The profile checks' code first (its schemas are built as the module runs), the built-in
      // profiles checked with it in the next idle period: on a slow phone the two together are
      // one long task (issue 13).
      this._afterStart.add(() => import('../core/profile/narrowing.js'));
      this._afterStart.add(() => this._loadProfiles());
      this._afterStart.add(async () => {
        const bluetooth = await this._loadBluetooth();
        this.support$.next(await bluetooth.detectBluetoothSupport());
      });
    });
  }

  /** Runs `then` once, as soon as the safety questions are answered (at once if they already are). */
  private _whenScreened(then: () => void): void {
    this.session.state$
      .pipe(
        filter((state) => state.screening !== null),
        take(1),
      )
      .subscribe(then);
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
      if (document.visibilityState !== 'visible') {
        this.clock.pageHidden();
        return;
      }
      this.clock.pageShown();
      this.session.dispatch({ type: 'tick' });
      wakeLock.pageShown();
    });
  }

  private _loadBluetooth(): Promise<typeof BluetoothModule> {
    this._bluetooth ??= import('./bluetooth.js').then((module) => (this._bluetoothLoaded = module));
    return this._bluetooth;
  }

  async saveScreening(screening: ScreeningAnswers): Promise<void> {
    this._applyScreening(screening);
    await this.store.putScreening(screening);
    this._post({ kind: 'screening' });
  }

  private _applyScreening(screening: ScreeningAnswers): void {
    this.session.dispatch({ type: 'screening', screening });
    const allowed = restrictionsFor(screening).allowedPresets;
    const current = this.session.state.presetId;
    const first = allowed[0];
    if (first && !allowed.includes(current)) this.session.dispatch({ type: 'select-preset', presetId: first });
  }

  /**
   * The profiles shipped in devices/, validated once; later calls share the first load. One check
   * per task: on a slow phone the four in one task were a long task just after start-up (issue 13).
   */
  builtInProfiles(): Promise<readonly DeviceProfile[]> {
    this._builtIn ??= import('../core/profile/builtin-sources.js').then(async ({ BUILT_IN_SOURCES, loadBuiltIn }) => {
      const profiles: DeviceProfile[] = [];
      for (const [id, json] of BUILT_IN_SOURCES) {
        if (profiles.length > 0) await new Promise((resolve) => setTimeout(resolve, 0));
        profiles.push(loadBuiltIn(id, json));
      }
      this.builtIn$.next(profiles);
      this.profiles$.next([...profiles, ...this.imported$.value]);
      return profiles;
    });
    return this._builtIn;
  }

  /** Connects the in-page simulated massager of the built-in profile `profileId`, running its family's firmware. */
  async connectSimulated(profileId = 'open-massager'): Promise<void> {
    const [profiles, { simulatedMassager }] = await Promise.all([this.builtInProfiles(), import('./simulated-massager.js')]);
    const profile = profiles.find((p) => p.id === profileId);
    if (!profile) throw new Error(`there is no built-in profile "${profileId}"`);
    const { simulator, link } = await simulatedMassager(profile.family, () => performance.now(), profile.gatt.service);
    // The in-page massager is this tab's own: no other tab can reach it, so no lock is needed.
    this._tabsLoaded?.releaseDevice();
    this.simulator.attach(simulator);
    await this.device.connect(link, profile);
  }

  /**
   * A first-power-on check of a board the person built (board-check.ts), on the connected
   * device, loaded when first asked for. One at a time: a new one closes the last.
   */
  /** The person pressed "Release the massager's stop": it passes the safety core like any command. */
  releaseLatches(): Promise<void> {
    const verdict = vetLatchRelease({ sessionOpen: isOpen(this.session.state.session) });
    return verdict.ok ? this.device.releaseLatches(verdict.command) : Promise.reject(new Error(verdict.message));
  }

  openBoardCheck(): Promise<BoardCheckControls> {
    return import('./board-check.js').then(({ openBoardCheck }) => openBoardCheck(this.device, this.session, this.clock.now));
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
    if (outcome.kind === 'chosen') await (this._tabsLoaded ?? (await this._loadTabs())).connect(outcome.device);
    return outcome;
  }

  async rememberedDevices(): Promise<BluetoothDevice[]> {
    return this.support$.value?.kind === 'ready' ? (await this._loadBluetooth()).rememberedDevices() : [];
  }

  /** Connects through the massager's Web Lock: one tab at a time controls it (cross-tab.ts). */
  async connectRemembered(device: BluetoothDevice): Promise<void> {
    await (await this._loadTabs()).connect(device);
  }

  private async _connectDevice(device: BluetoothDevice): Promise<void> {
    const [bluetooth] = await Promise.all([this._loadBluetooth(), this._loadProfiles()]);
    this.simulator.attach(null);
    await this.device.connect(new bluetooth.WebBluetoothConnector(device));
  }

  /** Asks the tab controlling the chosen massager to stop its session and let go; this tab connects once it has. */
  takeOver(): void {
    this._tabsLoaded?.takeOver();
  }

  /** Leaves the massager to the tab that controls it. */
  cancelTakeover(): void {
    this._tabsLoaded?.cancelTakeover();
  }

  /** Stops, lets the stop reach the device, then disconnects. */
  async disconnect(): Promise<void> {
    this.session.stop();
    await this.device.settle(1000);
    this.device.disconnect();
    this._tabsLoaded?.releaseDevice();
    this.simulator.attach(null);
  }
}
