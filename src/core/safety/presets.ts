import { MINUTES } from './caps.js';
import { cited, judged, type Sourced } from './sources.js';

export type PresetId = 'gentle' | 'everyday' | 'warmth' | 'flare' | 'reduced-sensation';

/**
 * A preset's numbers are fractions of what a device can do (so they mean the same on a 5-step and
 * a 10-step massager) and absolute temperatures and times. Each number carries its basis.
 * The table is ../shared/research/safety-facts.md §6; the README repeats it with reasons.
 */
export interface Preset {
  readonly id: PresetId;
  readonly name: string;
  readonly summary: string;
  /** Highest vibration, as a fraction of the device's steps (rounded down). */
  readonly maxVibration: Sourced<number>;
  /** Highest kneading speed, as a fraction of the device's speeds (rounded down). */
  readonly maxKneading: Sourced<number>;
  /** Highest heat in °C, or 0 for no heat at all. */
  readonly maxHeatC: Sourced<number>;
  readonly sessionMs: Sourced<number>;
  readonly heatMs: Sourced<number>;
  readonly checkinMs: Sourced<number>;
  readonly cooldownMs: Sourced<number>;
  /** Where the soft start ramps to, as fractions of the device (vibration, kneading) and °C (heat). */
  readonly start: {
    readonly vibration: number;
    readonly kneading: number;
    readonly heatC: number;
  };
}

const judgedFraction = (value: number, why: string) => judged(value, why);

export const PRESETS: readonly Preset[] = [
  {
    id: 'gentle',
    name: 'First use / Gentle',
    summary: 'Low vibration, the slowest kneading, mild warmth, ten minutes.',
    maxVibration: judgedFraction(0.3, 'gentle intensity (the article); 30 % is a conservative first-use ceiling'),
    maxKneading: judgedFraction(1 / 3, 'start at the lowest kneading speed (maker advice to start lowest)'),
    maxHeatC: judged(38, '2 °C below the 40 °C of the heat-wrap trial, for a first use'),
    sessionMs: judged(10 * MINUTES, 'below the common 15-minute cushion timer, for a first use'),
    heatMs: judged(10 * MINUTES, 'no longer than the session'),
    checkinMs: cited(5 * MINUTES, 'skin-check-5-min'),
    cooldownMs: judged(120 * MINUTES, 'at least two hours apart keeps three sessions spread over a day'),
    start: { vibration: 0.2, kneading: 1 / 3, heatC: 38 },
  },
  {
    id: 'everyday',
    name: 'Everyday relief',
    summary: 'Moderate vibration and kneading with warmth, fifteen minutes.',
    maxVibration: judgedFraction(0.5, 'moderate at most: too much pressure can aggravate an irritated nerve (the article)'),
    maxKneading: judgedFraction(2 / 3, 'never the fastest kneading speed'),
    maxHeatC: cited(40, 'nadler-heat-wrap', 'and the maker advice to stay below 40 °C'),
    sessionMs: cited(15 * MINUTES, 'cushion-timer-15'),
    heatMs: cited(15 * MINUTES, 'superficial-heat-15-20'),
    checkinMs: cited(5 * MINUTES, 'skin-check-5-min'),
    cooldownMs: judged(120 * MINUTES, 'at least two hours apart keeps three sessions spread over a day'),
    start: { vibration: 0.3, kneading: 1 / 3, heatC: 38 },
  },
  {
    id: 'warmth',
    name: 'Warmth only',
    summary: 'Heat with the motors off or barely on, up to twenty minutes.',
    maxVibration: judgedFraction(0.1, 'warmth is the point; at most a faint vibration'),
    maxKneading: judgedFraction(0, 'no kneading: this preset is for heat'),
    maxHeatC: cited(40, 'nadler-heat-wrap'),
    sessionMs: cited(20 * MINUTES, 'superficial-heat-15-20'),
    heatMs: cited(20 * MINUTES, 'superficial-heat-15-20'),
    checkinMs: cited(5 * MINUTES, 'skin-check-5-min'),
    cooldownMs: judged(120 * MINUTES, 'at least two hours apart keeps three sessions spread over a day'),
    start: { vibration: 0, kneading: 0, heatC: 38 },
  },
  {
    id: 'flare',
    name: 'Leg-symptom flare',
    summary: 'For days the pain runs down the leg: light vibration, no kneading, short.',
    maxVibration: judgedFraction(0.2, 'light only while nerve symptoms are active'),
    maxKneading: cited(0, 'kngf-no-massage-lrs', 'and no massage over damaged nerves (NCCIH-style lists)'),
    maxHeatC: judged(38, 'mild heat, and only when skin over the pad feels normal (screening removes it otherwise)'),
    sessionMs: judged(10 * MINUTES, 'short while symptoms are active'),
    heatMs: judged(10 * MINUTES, 'no longer than the session'),
    checkinMs: judged(3 * MINUTES, 'more often than usual, because leg symptoms can change quickly'),
    cooldownMs: judged(180 * MINUTES, 'longer rest between sessions during a flare'),
    start: { vibration: 0.1, kneading: 0, heatC: 36 },
  },
  {
    id: 'reduced-sensation',
    name: 'Reduced sensation',
    summary: 'For numb skin or diabetes: gentle vibration only, never heat.',
    maxVibration: judgedFraction(0.3, 'gentle, as for a first use'),
    maxKneading: cited(0, 'massage-contraindications', 'fragile diabetic skin and damaged nerves'),
    maxHeatC: cited(0, 'numb-skin-burns'),
    sessionMs: judged(10 * MINUTES, 'short, since discomfort may not be felt'),
    heatMs: cited(0, 'numb-skin-burns'),
    checkinMs: cited(5 * MINUTES, 'skin-check-5-min'),
    cooldownMs: judged(120 * MINUTES, 'at least two hours apart keeps three sessions spread over a day'),
    start: { vibration: 0.2, kneading: 0, heatC: 0 },
  },
];

export function presetById(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset;
}
