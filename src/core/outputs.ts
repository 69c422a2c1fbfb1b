import {
  OUTPUT_KINDS,
  type KneadingDirection,
  type LevelCommand,
  type LevelCommandOf,
  type LimitField,
  type OutputCommandFields,
  type OutputKind,
  type Outputs,
} from './commands.js';
import type { Capabilities } from './profile/types.js';
import { GLOBAL_CAPS } from './safety/caps.js';
import type { Preset } from './safety/presets.js';
import type { SessionCaps } from './safety/resolve.js';
import type { Restrictions } from './safety/screening.js';

/**
 * Each output described once. The session engine, vetting, the journal, announcements and the
 * controls go through this record instead of naming vibration, kneading and heat one by one, so a
 * new output is an entry in `OutputCommandFields` (commands.ts), one here, its fields in the
 * profile and its codec bytes. `OUTPUTS` is typed as a mapped type over the output kinds: an entry
 * left out, or one with a field missing, is a compile error.
 */

/** What the UI (or anything else) may ask of one output. Values arrive unchecked. */
export type OutputRequestOf<K extends OutputKind> = { readonly kind: K } & {
  readonly [F in keyof OutputCommandFields[K]]: unknown;
};
export type OutputRequest = { [K in OutputKind]: OutputRequestOf<K> }[OutputKind];

/** Where an output's cap is kept: the session's caps, and its highest level in stats and journal. */
export type CapKey<K extends OutputKind = OutputKind> = `max${Capitalize<K>}`;
/** Where an output's time at each level is kept, in the stats and the journal. */
export type TimeAtKey<K extends OutputKind = OutputKind> = `msAt${Capitalize<K>}`;

export type OutputCaps = { readonly [K in OutputKind as CapKey<K>]: number };
export type OutputTimes<T extends readonly number[] = readonly number[]> = { readonly [K in OutputKind as TimeAtKey<K>]: T };

export interface OutputSpec<K extends OutputKind> {
  /** Its name on its control, in announcements and in messages. */
  readonly label: string;
  /** What one of its steps is called in the journal's export ("level", "speed"). */
  readonly unit: string;
  /** Its cap in `SessionCaps`; also its highest level in the session stats and the journal. */
  readonly cap: CapKey<K>;
  /** Its time at each level in the session stats and the journal. */
  readonly timeAt: TimeAtKey<K>;
  /** Its field in the limits frame of a device that enforces limits itself. */
  readonly limit: LimitField<K>;
  /** The highest value that field may carry, whatever a preset says. */
  readonly limitCeiling: number;
  /** Whether the soft start brings it up step by step (motors do; heat warms slowly by itself). */
  readonly ramps: boolean;
  /** Whether it has a direction, so that a change of direction alone is sent (kneading). */
  readonly directional: boolean;
  /** Its range in the profile: how many steps the device has, 0 when it has none. */
  readonly steps: (capabilities: Capabilities) => number;
  /** The session's cap and where its soft start aims, in the device's steps. */
  readonly resolve: (preset: Preset, restrictions: Restrictions, device: Capabilities) => { readonly cap: number; readonly start: number };
  /** Whether it is finished for this session although the session runs on (heat's own time limit). */
  readonly usedUp: (session: { readonly heatEnded: boolean }) => boolean;
  /** The value its limits field gets. */
  readonly deviceLimit: (caps: SessionCaps, usedUp: boolean) => number;
  /** What its control says beside the label about what this session allows. */
  readonly note: (caps: SessionCaps, usedUp: boolean) => string;
  /** A level in words, on its control and in the device's read-back. */
  readonly describe: (level: number, capabilities: Capabilities) => string;
  /** The request that sets it to `level`. */
  readonly request: (level: number, direction: KneadingDirection) => OutputRequestOf<K>;
  /** The level a request asks for, unchecked. */
  readonly requested: (request: OutputRequestOf<K>) => unknown;
  /** `outputs` after its command went out (or was asked for). */
  readonly apply: (outputs: Outputs, command: LevelCommandOf<K>) => Outputs;
}

export type OutputSpecs = { readonly [K in OutputKind]: OutputSpec<K> };

/** Fraction of a device's range to steps, always rounding down so a cap is never exceeded. */
export function stepsFor(fraction: number, steps: number): number {
  return Math.max(0, Math.floor(fraction * steps + 1e-9));
}

/** A soft start that aims above 0 starts at step 1 at least, and never above the cap. */
function startStep(cap: number, fraction: number, steps: number): number {
  return Math.min(cap, Math.max(fraction > 0 ? 1 : 0, stepsFor(fraction, steps)));
}

/** The hottest a session may aim for after the preset and the screening answers; 0 is no heat. */
export function heatAllowedC(preset: Preset, restrictions: Restrictions): number {
  return restrictions.noHeat ? 0 : Math.min(preset.maxHeatC.value, GLOBAL_CAPS.heatTargetC.value);
}

function heatCelsius(device: Capabilities): number[] {
  return (device.heat?.levels ?? []).map((level) => level.celsius);
}

const upTo = (cap: number, none: string) => (cap === 0 ? none : `up to ${cap}`);

export const OUTPUTS: OutputSpecs = {
  vibration: {
    label: 'Vibration',
    unit: 'level',
    cap: 'maxVibration',
    timeAt: 'msAtVibration',
    limit: 'maxVibration',
    limitCeiling: Infinity,
    ramps: true,
    directional: false,
    steps: (device) => device.vibration?.steps ?? 0,
    resolve(preset, restrictions, device) {
      const steps = device.vibration?.steps ?? 0;
      const cap = stepsFor(Math.min(preset.maxVibration.value, restrictions.maxVibration), steps);
      return { cap, start: startStep(cap, preset.start.vibration, steps) };
    },
    usedUp: () => false,
    deviceLimit: (caps) => caps.maxVibration,
    note: (caps) => upTo(caps.maxVibration, 'not in this preset'),
    describe: (level, device) => (level === 0 ? 'Off' : `Level ${level} of ${device.vibration?.steps ?? 0}`),
    request: (level) => ({ kind: 'vibration', level }),
    requested: (request) => request.level,
    apply: (outputs, command) => ({ ...outputs, vibration: command.level }),
  },
  kneading: {
    label: 'Kneading',
    unit: 'speed',
    cap: 'maxKneading',
    timeAt: 'msAtKneading',
    limit: 'maxKneading',
    limitCeiling: Infinity,
    ramps: true,
    directional: true,
    steps: (device) => device.kneading?.speeds ?? 0,
    resolve(preset, restrictions, device) {
      const speeds = device.kneading?.speeds ?? 0;
      const cap = restrictions.noKneading ? 0 : stepsFor(preset.maxKneading.value, speeds);
      return { cap, start: startStep(cap, preset.start.kneading, speeds) };
    },
    usedUp: () => false,
    deviceLimit: (caps) => caps.maxKneading,
    note: (caps) => upTo(caps.maxKneading, 'not in this preset'),
    describe: (level, device) => (level === 0 ? 'Off' : `Speed ${level} of ${device.kneading?.speeds ?? 0}`),
    request: (speed, direction) => ({ kind: 'kneading', speed, direction }),
    requested: (request) => request.speed,
    apply: (outputs, command) => ({ ...outputs, kneading: command.speed, direction: command.direction }),
  },
  heat: {
    label: 'Heat',
    unit: 'level',
    cap: 'maxHeat',
    timeAt: 'msAtHeat',
    limit: 'maxHeatC',
    limitCeiling: GLOBAL_CAPS.heatTargetC.value,
    ramps: false,
    directional: false,
    steps: (device) => heatCelsius(device).length,
    resolve(preset, restrictions, device) {
      const allowedC = heatAllowedC(preset, restrictions);
      const celsius = heatCelsius(device);
      // Steps are strictly warmer one after another (the profile parser checks), so steps 1..cap are all allowed.
      const cap = celsius.filter((c) => c <= allowedC).length;
      const start = celsius.filter((c) => c <= Math.min(preset.start.heatC, allowedC)).length;
      return { cap, start: Math.min(cap, start) };
    },
    usedUp: (session) => session.heatEnded,
    deviceLimit: (caps, usedUp) => (usedUp ? 0 : caps.maxHeatC),
    note: (caps, usedUp) => (caps.maxHeat === 0 ? 'no heat in this session' : usedUp ? 'time limit reached' : `up to ${caps.maxHeatC} °C`),
    /** A device set in steps shows the step and its temperature; one set in degrees, the degrees alone. */
    describe(level, device) {
      if (level === 0) return 'Off';
      const steps = heatCelsius(device);
      const celsius = `${steps[level - 1] ?? '?'} °C`;
      return device.heat?.mode === 'celsius' ? celsius : `Step ${level} of ${steps.length} (${celsius})`;
    },
    request: (level) => ({ kind: 'heat', level }),
    requested: (request) => request.level,
    apply: (outputs, command) => ({ ...outputs, heat: command.level }),
  },
};

/** The caps of every output, keyed as `SessionCaps` keeps them. */
export function outputCaps(cap: (kind: OutputKind) => number): OutputCaps {
  return Object.fromEntries(OUTPUT_KINDS.map((kind) => [OUTPUTS[kind].cap, cap(kind)])) as Record<CapKey, number>;
}

export function outputTimes<T extends readonly number[]>(times: (kind: OutputKind) => T): OutputTimes<T> {
  return Object.fromEntries(OUTPUT_KINDS.map((kind) => [OUTPUTS[kind].timeAt, times(kind)])) as Record<TimeAtKey, T>;
}

function applyOf<K extends OutputKind>(kind: K, outputs: Outputs, command: LevelCommandOf<K>): Outputs {
  return OUTPUTS[kind].apply(outputs, command);
}

/** `outputs` after a level command went out (or was asked for). */
export function applyLevel(outputs: Outputs, command: LevelCommand): Outputs {
  return applyOf(command.kind, outputs, command);
}

function requestedOf<K extends OutputKind>(kind: K, request: OutputRequestOf<K>): unknown {
  return OUTPUTS[kind].requested(request);
}

/** The level a request asks for, unchecked. */
export function requestedLevel(request: OutputRequest): unknown {
  return requestedOf(request.kind, request);
}
