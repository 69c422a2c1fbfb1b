import { ALL_OFF, type Outputs } from '../commands.js';
import type { Capabilities } from '../profile/types.js';
import { GLOBAL_CAPS } from './caps.js';
import type { Preset, PresetId } from './presets.js';
import type { Restrictions } from './screening.js';

/**
 * The limits in force for one session on one device, in that device's own steps. Every command
 * is vetted against these, and the firmware gets them too (maxVibration, maxKneading, maxHeatC,
 * sessionMs, heatMs) when it can enforce them.
 */
export interface SessionCaps {
  readonly presetId: PresetId;
  readonly maxVibration: number;
  readonly maxKneading: number;
  readonly reversible: boolean;
  /** Highest heat step whose temperature is within maxHeatC; 0 means no heat. */
  readonly maxHeat: number;
  /** 0 when this session has no heat. */
  readonly maxHeatC: number;
  /** Temperature of each heat step, index 0 is step 1. */
  readonly heatCelsius: readonly number[];
  readonly sessionMs: number;
  readonly heatMs: number;
  readonly checkinMs: number;
  readonly cooldownMs: number;
  readonly rampMs: number;
  /** What the soft start ramps to. */
  readonly start: Outputs;
}

/**
 * For a device that reported its own ranges (the DIY board's CAP): sessions and heat time of at
 * most `seconds`, and a heat limit no hotter than its hottest step, since that board refuses a
 * limits line above its own range.
 */
export function withinDeviceRanges(caps: SessionCaps, seconds: number | undefined): SessionCaps {
  if (seconds === undefined) return caps;
  const sessionMs = Math.min(caps.sessionMs, seconds * 1000);
  const hottest = caps.heatCelsius[caps.maxHeat - 1];
  return {
    ...caps,
    sessionMs,
    heatMs: Math.min(caps.heatMs, sessionMs),
    maxHeatC: hottest === undefined ? 0 : Math.min(caps.maxHeatC, hottest),
  };
}

/** Fraction of a device's range to steps, always rounding down so a cap is never exceeded. */
function stepsFor(fraction: number, steps: number): number {
  return Math.max(0, Math.floor(fraction * steps + 1e-9));
}

export function resolveCaps(preset: Preset, restrictions: Restrictions, device: Capabilities): SessionCaps {
  const vibrationSteps = device.vibration?.steps ?? 0;
  const kneadingSpeeds = device.kneading?.speeds ?? 0;
  const maxVibration = stepsFor(Math.min(preset.maxVibration.value, restrictions.maxVibration), vibrationSteps);
  const maxKneading = restrictions.noKneading ? 0 : stepsFor(preset.maxKneading.value, kneadingSpeeds);

  const heatAllowedC = restrictions.noHeat ? 0 : Math.min(preset.maxHeatC.value, GLOBAL_CAPS.heatTargetC.value);
  const heatCelsius = (device.heat?.levels ?? []).map((level) => level.celsius);
  const maxHeat = heatCelsius.filter((celsius) => celsius <= heatAllowedC).length;
  // heatCelsius is strictly rising (the profile parser checks), so steps 1..maxHeat are all allowed.
  const maxHeatC = maxHeat > 0 ? heatAllowedC : 0;

  const sessionMs = Math.min(preset.sessionMs.value, GLOBAL_CAPS.sessionMs.value);
  const heatMs = maxHeat > 0 ? Math.min(preset.heatMs.value, GLOBAL_CAPS.heatMs.value, sessionMs) : 0;

  const startHeat = heatCelsius.filter((celsius) => celsius <= Math.min(preset.start.heatC, heatAllowedC)).length;
  return {
    presetId: preset.id,
    maxVibration,
    maxKneading,
    reversible: device.kneading?.reversible ?? false,
    maxHeat,
    maxHeatC,
    heatCelsius,
    sessionMs,
    heatMs,
    checkinMs: preset.checkinMs.value,
    cooldownMs: preset.cooldownMs.value,
    rampMs: GLOBAL_CAPS.rampMs.value,
    start: {
      ...ALL_OFF,
      vibration: Math.min(maxVibration, Math.max(preset.start.vibration > 0 ? 1 : 0, stepsFor(preset.start.vibration, vibrationSteps))),
      kneading: Math.min(maxKneading, Math.max(preset.start.kneading > 0 ? 1 : 0, stepsFor(preset.start.kneading, kneadingSpeeds))),
      heat: Math.min(maxHeat, startHeat),
    },
  };
}
