import { describe, expect, it } from 'vitest';
import openMassagerJson from '../../../../devices/open-massager/profile.json';
import uartMassagerJson from '../../../../devices/uart-massager/profile.json';
import { BUILT_IN_PROFILES, builtInProfile } from '../../../../src/core/profile/builtin.js';
import { effectiveCapabilities, parseImportedProfile } from '../../../../src/core/profile/narrowing.js';
import { resolveCaps } from '../../../../src/core/safety/resolve.js';
import { PRESETS } from '../../../../src/core/safety/presets.js';
import { emptyScreening, restrictionsFor } from '../../../../src/core/safety/screening.js';

type Json = Record<string, unknown> & { capabilities: Record<string, unknown>; match: Record<string, unknown> };

/** A copy of a built-in profile with a new id and no "extends": the case issue 12 found. */
function lookalike(base: unknown, edit: (json: Json) => void): Json {
  const json = structuredClone(base) as Json;
  json.id = 'my-copy';
  delete json.extends;
  edit(json);
  return json;
}

describe('a profile that matches a built-in device cannot widen it', () => {
  it('a copy of the open massager with 33 vibration steps and no "extends" is refused, naming the field', () => {
    const parsed = parseImportedProfile(
      lookalike(openMassagerJson, (p) => (p.capabilities.vibration = { steps: 33 })),
      BUILT_IN_PROFILES,
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.field).toBe('capabilities.vibration.steps');
      expect(parsed.error.message).toContain('"open-massager"');
    }
  });

  it('a wider copy matched only by a name prefix is refused too', () => {
    const parsed = parseImportedProfile(
      lookalike(uartMassagerJson, (p) => {
        p.match = { namePrefixes: ['EB-UART-2'], services: [] };
        p.capabilities.heat = { mode: 'celsius', min: 34, max: 44 };
      }),
      BUILT_IN_PROFILES,
    );
    expect(parsed.ok ? null : parsed.error.field).toBe('capabilities.heat.max');
  });

  it('a lookalike that only narrows is held to the built-in it matches, as if it named it in "extends"', () => {
    const parsed = parseImportedProfile(
      lookalike(openMassagerJson, (p) => (p.capabilities.vibration = { steps: 5 })),
      BUILT_IN_PROFILES,
    );
    expect(parsed.ok && parsed.value.extends).toBe('open-massager');
  });

  it('a profile for a device no built-in matches is taken on its own terms', () => {
    const parsed = parseImportedProfile(
      lookalike(openMassagerJson, (p) => {
        p.match = { namePrefixes: ['Other'], services: [] };
        p.gatt = { ...(p.gatt as object), service: '0000abcd-0000-1000-8000-00805f9b34fb' };
        p.capabilities.vibration = { steps: 20 };
      }),
      BUILT_IN_PROFILES,
    );
    expect(parsed.ok && parsed.value.extends).toBeNull();
  });
});

describe('effective ranges: the smaller of profile and device report', () => {
  const open = builtInProfile('open-massager')!.capabilities;

  it('no report leaves the profile as it is', () => {
    expect(effectiveCapabilities(open, null)).toBe(open);
  });

  it('a device reporting fewer steps, speeds and heat levels wins; one reporting more does not', () => {
    const effective = effectiveCapabilities(open, {
      vibration: { steps: 6 },
      kneading: { speeds: 9, reversible: false },
      heat: {
        mode: 'levels',
        levels: [
          { level: 1, celsius: 36 },
          { level: 2, celsius: 38 },
        ],
      },
    });
    expect(effective.vibration).toEqual({ steps: 6 });
    expect(effective.kneading).toEqual({ speeds: 3, reversible: false });
    expect(effective.heat?.levels.map((l) => l.celsius)).toEqual([36, 38]);
  });

  it('a device step that is hotter than the profile says is taken at the hotter figure', () => {
    const effective = effectiveCapabilities(open, {
      vibration: null,
      kneading: null,
      heat: {
        mode: 'levels',
        levels: [
          { level: 1, celsius: 37 },
          { level: 2, celsius: 38 },
        ],
      },
    });
    expect(effective.heat?.levels).toEqual([
      { level: 1, celsius: 37 },
      { level: 2, celsius: 38 },
    ]);
  });

  it('presets stay fractions of what the device really has', () => {
    const gentle = PRESETS.find((p) => p.id === 'gentle')!;
    const caps = resolveCaps(gentle, restrictionsFor(emptyScreening(0)), effectiveCapabilities(open, { ...open, vibration: { steps: 5 } }));
    expect(caps.maxVibration).toBe(1); // 30 % of 5 steps, rounded down
  });
});
