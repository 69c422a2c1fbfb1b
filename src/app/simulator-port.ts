import { BehaviorSubject, map, type Observable } from 'rxjs';
import type { FirmwareFault, SimulatedMassager } from '../sim/firmware-base.js';
import type { RunningSimulator, SimulatorRow } from '../sim/families/index.js';

/**
 * All the simulator panel may do with the in-page massager: read the firmware's own view of
 * itself, make it fail as hardware can, and drop its link. The panel never holds the firmware or
 * the link (lint keeps the UI from importing either at run time).
 */
export interface SimulatorControls {
  /** True while the simulated massager is the connected device. */
  readonly active$: Observable<boolean>;
  /** The firmware's own view, read fresh each call; null when no simulated massager is connected. */
  view(): readonly SimulatorRow[] | null;
  inject(fault: FirmwareFault): void;
  /** The radio link drops, as if the massager went out of range: the firmware stops by its own rule. */
  dropLink(): void;
  /** True when the simulated massager has a STOP button of its own (the DIY board). */
  hasButton(): boolean;
  /** A press of the massager's own STOP button, released a moment later, as a finger would. */
  pressButton(): void;
}

/** How long the simulated finger holds the board's STOP button down. */
const BUTTON_PRESS_MS = 300;

export class SimulatorPort implements SimulatorControls {
  /** The running firmware itself, for the app's own tests (the UI reads it through this port only). */
  readonly firmware$ = new BehaviorSubject<SimulatedMassager | null>(null);
  readonly active$: Observable<boolean> = this.firmware$.pipe(map((firmware) => firmware !== null));
  private _running: RunningSimulator | null = null;

  constructor(private readonly _dropLink: () => void) {}

  attach(running: RunningSimulator | null): void {
    this._running = running;
    this.firmware$.next(running?.firmware ?? null);
  }

  view(): readonly SimulatorRow[] | null {
    return this._running?.view() ?? null;
  }

  inject(fault: FirmwareFault): void {
    this._running?.firmware.inject(fault);
  }

  dropLink(): void {
    if (this._running) this._dropLink();
  }

  hasButton(): boolean {
    return this._running?.setButton !== undefined;
  }

  pressButton(): void {
    const running = this._running;
    if (!running?.setButton) return;
    running.setButton(true, performance.now());
    setTimeout(() => running.setButton?.(false, performance.now()), BUTTON_PRESS_MS);
  }
}
