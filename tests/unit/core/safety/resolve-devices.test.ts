import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, builtInProfile } from '../../../../src/core/profile/builtin.js';
import { GLOBAL_CAPS } from '../../../../src/core/safety/caps.js';
import { PRESETS } from '../../../../src/core/safety/presets.js';
import { resolveCaps } from '../../../../src/core/safety/resolve.js';
import { emptyScreening, restrictionsFor } from '../../../../src/core/safety/screening.js';

const noRestrictions = restrictionsFor(emptyScreening(0));

describe('presets on each built-in device', () => {
  const pairs = BUILT_IN_PROFILES.flatMap((profile) => PRESETS.map((preset) => [profile.id, preset.id, profile, preset] as const));

  it.each(pairs)('%s, %s: never past what the device has, nor past the preset’s share of it', (_d, _p, profile, preset) => {
    const caps = resolveCaps(preset, noRestrictions, profile.capabilities);
    const steps = profile.capabilities.vibration?.steps ?? 0;
    const speeds = profile.capabilities.kneading?.speeds ?? 0;
    expect(caps.maxVibration).toBeLessThanOrEqual(steps);
    expect(caps.maxVibration).toBeLessThanOrEqual(preset.maxVibration.value * steps);
    expect(caps.maxKneading).toBeLessThanOrEqual(speeds);
    expect(caps.maxKneading).toBeLessThanOrEqual(preset.maxKneading.value * speeds);
    const topHeatC = caps.maxHeat > 0 ? caps.heatCelsius[caps.maxHeat - 1] : 0;
    expect(topHeatC).toBeLessThanOrEqual(Math.min(preset.maxHeatC.value, GLOBAL_CAPS.heatTargetC.value));
    expect(caps.start.vibration).toBeLessThanOrEqual(caps.maxVibration);
    expect(caps.start.heat).toBeLessThanOrEqual(caps.maxHeat);
  });

  it('a five-step massager is mapped honestly: each preset’s share of five, rounded down, and no kneading where there is none', () => {
    const uart = builtInProfile('uart-massager')!;
    const byPreset = Object.fromEntries(
      PRESETS.map((preset) => {
        const caps = resolveCaps(preset, noRestrictions, uart.capabilities);
        return [preset.id, { vibration: caps.maxVibration, kneading: caps.maxKneading, heatC: caps.heatCelsius[caps.maxHeat - 1] ?? 0 }];
      }),
    );
    // 30 % of 5 is 1.5, so 1; 50 % is 2.5, so 2; 10 % is 0.5, so none at all rather than a whole step.
    expect(byPreset).toMatchObject({
      gentle: { vibration: 1, kneading: 0, heatC: 38 },
      everyday: { vibration: 2, kneading: 0, heatC: 40 },
      warmth: { vibration: 0, kneading: 0, heatC: 40 },
    });
  });
});
