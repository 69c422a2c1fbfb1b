import { describe, expect, it } from 'vitest';
import openMassagerJson from '../../../../devices/open-massager/profile.json';
import uartMassagerJson from '../../../../devices/uart-massager/profile.json';
import { BUILT_IN_PROFILES } from '../../../../src/core/profile/builtin.js';
import { parseImportedProfile } from '../../../../src/core/profile/narrowing.js';

type Json = Record<string, unknown>;

/** A copy of a built-in profile turned into one that narrows it. */
function narrowing(base: Json, edit: (json: Json & { capabilities: Json; timing: Json }) => void = () => undefined): Json {
  const json = structuredClone(base) as Json & { capabilities: Json; timing: Json };
  json.id = `my-${String(base.id)}`;
  json.extends = base.id;
  edit(json);
  return json;
}

function refusedField(json: unknown): string | null {
  const parsed = parseImportedProfile(json, BUILT_IN_PROFILES);
  return parsed.ok ? null : parsed.error.field;
}

describe('imported profiles that extend a built-in one', () => {
  it('narrowing vibration, kneading and heat is accepted, and the result is an imported profile naming its base', () => {
    const json = narrowing(openMassagerJson, (p) => {
      p.capabilities.vibration = { steps: 6 };
      p.capabilities.kneading = { speeds: 2, reversible: false };
      p.capabilities.heat = { mode: 'levels', levels: [{ level: 1, celsius: 36 }] };
    });
    const parsed = parseImportedProfile(json, BUILT_IN_PROFILES);
    expect(parsed.ok && parsed.value).toMatchObject({
      origin: 'imported',
      extends: 'open-massager',
      capabilities: { vibration: { steps: 6 } },
    });
  });

  it('a degrees range inside the built-in one is accepted', () => {
    expect(refusedField(narrowing(uartMassagerJson, (p) => (p.capabilities.heat = { mode: 'celsius', min: 35, max: 38 })))).toBeNull();
  });

  // Each of these would let the app ask the device for more than its built-in profile allows.
  const widenings: { name: string; base: Json; field: string; edit: (p: Json & { capabilities: Json; timing: Json }) => void }[] = [
    {
      name: 'more vibration steps',
      base: openMassagerJson,
      field: 'capabilities.vibration.steps',
      edit: (p) => (p.capabilities.vibration = { steps: 11 }),
    },
    {
      name: 'more kneading speeds',
      base: openMassagerJson,
      field: 'capabilities.kneading.speeds',
      edit: (p) => (p.capabilities.kneading = { speeds: 4, reversible: true }),
    },
    {
      name: 'a hotter heat level',
      base: openMassagerJson,
      field: 'capabilities.heat.levels[2].celsius',
      edit: (p) =>
        (p.capabilities.heat = {
          mode: 'levels',
          levels: [
            { level: 1, celsius: 36 },
            { level: 2, celsius: 38 },
            { level: 3, celsius: 42 },
          ],
        }),
    },
    {
      name: 'a fourth heat level',
      base: openMassagerJson,
      field: 'capabilities.heat.levels[3].celsius',
      edit: (p) =>
        (p.capabilities.heat = {
          mode: 'levels',
          levels: [
            { level: 1, celsius: 36 },
            { level: 2, celsius: 38 },
            { level: 3, celsius: 40 },
            { level: 4, celsius: 41 },
          ],
        }),
    },
    {
      name: 'a hotter degrees range',
      base: uartMassagerJson,
      field: 'capabilities.heat.max',
      edit: (p) => (p.capabilities.heat = { mode: 'celsius', min: 34, max: 45 }),
    },
    {
      name: 'kneading on a device without it',
      base: uartMassagerJson,
      field: 'capabilities.kneading',
      edit: (p) => {
        p.capabilities.kneading = { speeds: 1, reversible: false };
        (p.commands as Json).kneading = { text: 'N{speed}\n' };
      },
    },
    {
      name: 'a slower keep-alive than the watchdog needs',
      base: uartMassagerJson,
      field: 'timing.keepaliveMs',
      edit: (p) => (p.timing.keepaliveMs = 10_000),
    },
    { name: 'no keep-alive at all', base: uartMassagerJson, field: 'timing.keepaliveMs', edit: (p) => (p.timing.keepaliveMs = null) },
    {
      name: 'claiming the device enforces limits',
      base: uartMassagerJson,
      field: 'gatt.limits',
      edit: (p) => ((p.gatt as Json).limits = '180f'),
    },
    {
      name: 'another wire format',
      base: uartMassagerJson,
      field: 'commands.vibration',
      edit: (p) => ((p.commands as Json).vibration = { text: 'VIB{level}\n' }),
    },
    { name: 'another device’s service', base: uartMassagerJson, field: 'gatt.service', edit: (p) => ((p.gatt as Json).service = '180d') },
  ];
  it.each(widenings)('is refused, naming the field, for $name', ({ base, field, edit }) => {
    expect(refusedField(narrowing(base, edit))).toBe(field);
  });

  it('is refused when it extends a profile that is not built in, or takes a built-in id', () => {
    expect(refusedField(narrowing(openMassagerJson, (p) => (p.extends = 'no-such-massager')))).toBe('extends');
    expect(refusedField({ ...(openMassagerJson as Json) })).toBe('id');
  });
});
