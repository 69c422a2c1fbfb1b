import { describe, expect, it } from 'vitest';
import type { PresetId } from '../../../../src/core/safety/presets.js';
import { emptyScreening, restrictionsFor, type Restrictions, type ScreeningQuestionId } from '../../../../src/core/safety/screening.js';

function screening(yes: readonly ScreeningQuestionId[], clotClearedByClinician = false) {
  const empty = emptyScreening(0);
  return { ...empty, clotClearedByClinician, answers: { ...empty.answers, ...Object.fromEntries(yes.map((id) => [id, true])) } };
}

const EVERY_PRESET: readonly PresetId[] = ['gentle', 'everyday', 'warmth', 'flare', 'reduced-sensation'];
const CAREFUL: readonly PresetId[] = ['gentle', 'reduced-sensation'];

type Expected = Pick<Restrictions, 'blocked' | 'noHeat' | 'noKneading' | 'maxVibration' | 'allowedPresets' | 'askClinician'>;
const ROWS: readonly {
  readonly hazard: string;
  readonly yes: readonly ScreeningQuestionId[];
  readonly cleared?: boolean;
  readonly restrictions: Expected;
}[] = [
  {
    hazard: 'no yes: every preset, no extra limit',
    yes: [],
    restrictions: { blocked: [], noHeat: false, noKneading: false, maxVibration: 1, allowedPresets: EVERY_PRESET, askClinician: false },
  },
  {
    hazard: 'a pacemaker: gentle vibration only, no heat, no kneading, ask a clinician',
    yes: ['pacemaker'],
    restrictions: { blocked: [], noHeat: true, noKneading: true, maxVibration: 0.3, allowedPresets: CAREFUL, askClinician: true },
  },
  {
    hazard: 'pregnancy: as careful as a pacemaker',
    yes: ['pregnancy'],
    restrictions: { blocked: [], noHeat: true, noKneading: true, maxVibration: 0.3, allowedPresets: CAREFUL, askClinician: true },
  },
  {
    hazard: 'blood thinners: no kneading that could bruise, no heat',
    yes: ['blood-thinners'],
    restrictions: { blocked: [], noHeat: true, noKneading: true, maxVibration: 0.3, allowedPresets: CAREFUL, askClinician: true },
  },
  {
    hazard: 'a recent injury: no heat for 72 hours, everything else allowed',
    yes: ['recent-injury'],
    restrictions: { blocked: [], noHeat: true, noKneading: false, maxVibration: 1, allowedPresets: EVERY_PRESET, askClinician: false },
  },
  {
    hazard: 'numb skin: only the reduced-sensation preset, no heat that could burn unfelt',
    yes: ['reduced-sensation'],
    restrictions: {
      blocked: [],
      noHeat: true,
      noKneading: true,
      maxVibration: 0.3,
      allowedPresets: ['reduced-sensation'],
      askClinician: false,
    },
  },
  {
    hazard: 'a recent clot blocks all massage',
    yes: ['clot'],
    restrictions: { blocked: ['clot'], noHeat: false, noKneading: false, maxVibration: 1, allowedPresets: [], askClinician: true },
  },
  {
    hazard: 'a clot a clinician has cleared: allowed, with the most careful settings',
    yes: ['clot'],
    cleared: true,
    restrictions: { blocked: [], noHeat: true, noKneading: true, maxVibration: 0.3, allowedPresets: CAREFUL, askClinician: true },
  },
  {
    hazard: 'a fever blocks all massage, and clearing a clot does not clear it',
    yes: ['fever', 'clot'],
    cleared: true,
    restrictions: { blocked: ['fever'], noHeat: true, noKneading: true, maxVibration: 0.3, allowedPresets: [], askClinician: true },
  },
  {
    hazard: 'numb skin and a pacemaker together: the narrower of the two wins',
    yes: ['pacemaker', 'reduced-sensation'],
    restrictions: {
      blocked: [],
      noHeat: true,
      noKneading: true,
      maxVibration: 0.3,
      allowedPresets: ['reduced-sensation'],
      askClinician: true,
    },
  },
];

describe('screening, as a table: what each yes takes away', () => {
  it.each(ROWS)('$hazard', ({ yes, cleared, restrictions }) => {
    const result = restrictionsFor(screening(yes, cleared));
    expect(result).toMatchObject(restrictions);
    expect(result.reasons).toEqual(expect.arrayContaining([...yes]));
  });

  it('answers only ever narrow: adding any yes never allows a preset the answers before did not', () => {
    for (const row of ROWS) {
      const before = restrictionsFor(screening(row.yes, row.cleared)).allowedPresets;
      for (const extra of ['pacemaker', 'recent-injury', 'reduced-sensation', 'fever'] as const) {
        const after = restrictionsFor(screening([...row.yes, extra], row.cleared)).allowedPresets;
        expect(
          after.every((p) => before.includes(p)),
          `${row.hazard} + ${extra}`,
        ).toBe(true);
      }
    }
  });
});
