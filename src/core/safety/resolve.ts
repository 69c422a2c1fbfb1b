import { ALL_OFF, perOutput, type Outputs } from '../commands.js';
import { heatAllowedC, OUTPUTS, outputCaps, type OutputCaps } from '../outputs.js';
import type { Capabilities } from '../profile/types.js';
import { GLOBAL_CAPS } from './caps.js';
import type { Preset, PresetId } from './presets.js';
import type { Restrictions } from './screening.js';

/**
 * The limits in force for one session on one device, in that device's own steps. Every command
 * is vetted against these, and the firmware gets them too (maxVibration, maxKneading, maxHeatC,
 * sessionMs, heatMs) when it can enforce them.
 */
export interface SessionCaps extends OutputCaps {
  readonly presetId: PresetId;
  /**
   * One cap per output (`OutputCaps`: maxVibration, maxKneading, maxHeat). maxHeat is the highest
   * heat step whose temperature is within maxHeatC; 0 means no heat.
   */
  readonly reversible: boolean;
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

export function resolveCaps(preset: Preset, restrictions: Restrictions, device: Capabilities): SessionCaps {
  // Each output's cap and soft-start aim come from its entry in OUTPUTS.
  const resolved = perOutput((kind) => OUTPUTS[kind].resolve(preset, restrictions, device));
  const maxHeat = resolved.heat.cap;
  const maxHeatC = maxHeat > 0 ? heatAllowedC(preset, restrictions) : 0;

  const sessionMs = Math.min(preset.sessionMs.value, GLOBAL_CAPS.sessionMs.value);
  const heatMs = maxHeat > 0 ? Math.min(preset.heatMs.value, GLOBAL_CAPS.heatMs.value, sessionMs) : 0;

  return {
    presetId: preset.id,
    ...outputCaps((kind) => resolved[kind].cap),
    reversible: device.kneading?.reversible ?? false,
    maxHeatC,
    heatCelsius: (device.heat?.levels ?? []).map((level) => level.celsius),
    sessionMs,
    heatMs,
    checkinMs: preset.checkinMs.value,
    cooldownMs: preset.cooldownMs.value,
    rampMs: GLOBAL_CAPS.rampMs.value,
    start: { ...ALL_OFF, ...perOutput((kind) => resolved[kind].start) },
  };
}
