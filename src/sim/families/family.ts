import type { BoardSnapshot, SimulatedMassager } from '../firmware-base.js';

/** One line of the simulator panel's list: what the firmware itself says it is doing. */
export interface SimulatorRow {
  readonly label: string;
  readonly value: string;
  /** For the browser tests (data-testid), on the rows they read. */
  readonly testId?: string;
}

export interface SimulatorOptions {
  readonly name?: string;
  readonly now?: number;
  /** The GATT service its profile speaks on, for a family with more than one kind of module (the DIY board's). */
  readonly service?: string;
}

/** A started simulated massager, with its own view of itself in rows the panel shows as they are. */
export interface RunningSimulator {
  readonly firmware: SimulatedMassager;
  view(): readonly SimulatorRow[];
}

/**
 * A family's simulated half: its firmware, and the view of that firmware's snapshot. The core
 * half (template kind, state decoder) is in src/core/families/.
 */
export interface SimulatedFamily {
  start(options: SimulatorOptions): RunningSimulator;
}

/** Ties a firmware to the view of its own snapshot type, so the view can use every field it has. */
export function simulatedFamily<S extends BoardSnapshot>(
  create: (options: SimulatorOptions) => SimulatedMassager<S>,
  view: (snapshot: S) => readonly SimulatorRow[],
): SimulatedFamily {
  return {
    start(options) {
      const firmware = create(options);
      return { firmware, view: () => view(firmware.snapshot()) };
    },
  };
}

/** The rows every board has: its heater, its battery and why it last stopped (in the family's own words). */
export function boardRows(snapshot: BoardSnapshot, lastStop: string = snapshot.lastStop): SimulatorRow[] {
  return [
    { label: 'Heater', value: `${snapshot.heaterC.toFixed(1)} °C ${snapshot.heaterEnergized ? '(heating)' : ''}` },
    { label: 'Battery', value: `${snapshot.batteryPercent} %` },
    { label: 'Last stop', value: lastStop },
  ];
}
