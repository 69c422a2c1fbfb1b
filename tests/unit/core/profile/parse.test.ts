import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import openMassagerJson from '../../../../devices/open-massager/profile.json';
import { BUILT_IN_PROFILES, builtInProfile } from '../../../../src/core/profile/builtin.js';
import { parseProfile } from '../../../../src/core/profile/parse.js';
import { describeProfileError } from '../../../../src/core/profile/types.js';

type Json = Record<string, unknown>;

/** A fresh, freely editable copy of the shipped profile. */
function builtIn(): Json {
  return structuredClone(openMassagerJson);
}

/** "capabilities.heat.levels[1].celsius" → ['capabilities', 'heat', 'levels', '1', 'celsius'] */
function keysOf(path: string): string[] {
  return path.split(/[.[\]]+/).filter((key) => key !== '');
}

function parentOf(json: Json, path: string): { node: Record<string, unknown>; key: string } {
  const keys = keysOf(path);
  let node = json;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  return { node, key: keys.at(-1)! };
}

/** Sets the value at a dotted path, as a person editing the file by hand might. */
function set(path: string, value: unknown): (json: Json) => void {
  return (json) => {
    const { node, key } = parentOf(json, path);
    node[key] = value;
  };
}

function remove(path: string): (json: Json) => void {
  return (json) => {
    const { node, key } = parentOf(json, path);
    delete node[key]; // eslint-disable-line @typescript-eslint/no-dynamic-delete
  };
}

/** A minimal valid profile of the text-line family, to test the rules that only apply there. */
function uartProfile(): Json {
  return {
    schemaVersion: 1,
    id: 'uart-massager',
    name: 'UART massager',
    family: 'uart-text-v1',
    match: { namePrefixes: ['UART'], services: [] },
    gatt: {
      service: '6e400001-b5a3-f393-e0a9-e50e24dcca9e',
      control: '6e400002-b5a3-f393-e0a9-e50e24dcca9e',
      state: '6e400003-b5a3-f393-e0a9-e50e24dcca9e',
    },
    standardServices: ['battery'],
    capabilities: { vibration: { steps: 9 }, heat: { mode: 'celsius', min: 35, max: 40 } },
    limitsEnforcedByDevice: false,
    timing: { minWriteGapMs: 100, writeTimeoutMs: 1000, keepaliveMs: 2000 },
    commands: { stop: { text: 'S\n' }, vibration: { text: 'V{level}\n' }, heat: { text: 'H{celsius}\n' }, keepalive: { text: 'K\n' } },
  };
}

describe('device profiles', () => {
  it('the built-in open massager profile parses, with its UUIDs in canonical form and its heat steps in order', () => {
    const parsed = parseProfile(builtIn());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.gatt.control).toBe('eb5e0002-5a1e-4b1d-8c4e-6d6173736167');
    expect(parsed.value.capabilities).toEqual({
      vibration: { steps: 10 },
      kneading: { speeds: 3, reversible: true },
      heat: {
        mode: 'levels',
        levels: [
          { level: 1, celsius: 36 },
          { level: 2, celsius: 38 },
          { level: 3, celsius: 40 },
        ],
      },
    });
    expect(BUILT_IN_PROFILES.map((p) => p.id)).toContain('open-massager');
    expect(builtInProfile('open-massager')?.limitsEnforcedByDevice).toBe(true);
  });

  it('a text-family profile in degrees becomes one heat step per degree', () => {
    const parsed = parseProfile(uartProfile(), 'imported');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.capabilities.heat?.levels.map((l) => l.celsius)).toEqual([35, 36, 37, 38, 39, 40]);
    expect(parsed.value.origin).toBe('imported');
  });

  it('16-bit service UUIDs are expanded to the form Web Bluetooth reports', () => {
    const json = builtIn();
    set('match.services', ['0x180F'])(json);
    const parsed = parseProfile(json);
    expect(parsed.ok && parsed.value.match.services).toEqual(['0000180f-0000-1000-8000-00805f9b34fb']);
  });

  const broken: { name: string; field: string; edit: (json: Json) => void; base?: () => Json }[] = [
    { name: 'zero vibration steps', field: 'capabilities.vibration.steps', edit: set('capabilities.vibration.steps', 0) },
    { name: 'fractional vibration steps', field: 'capabilities.vibration.steps', edit: set('capabilities.vibration.steps', 2.5) },
    { name: 'vibration steps as text', field: 'capabilities.vibration.steps', edit: set('capabilities.vibration.steps', '10') },
    {
      name: 'kneading reversible as a string',
      field: 'capabilities.kneading.reversible',
      edit: set('capabilities.kneading.reversible', 'yes'),
    },
    {
      name: 'a vibration template using a kneading field',
      field: 'commands.vibration.bytes[1]',
      edit: set('commands.vibration.bytes[1]', 'speed'),
    },
    {
      name: 'a vibration template using a field that does not exist',
      field: 'commands.vibration.bytes[1]',
      edit: set('commands.vibration.bytes[1]', 'volume'),
    },
    { name: 'a template byte above 255', field: 'commands.stop.bytes[0]', edit: set('commands.stop.bytes', [256]) },
    { name: 'an empty stop template', field: 'commands.stop.bytes', edit: set('commands.stop.bytes', []) },
    { name: 'a control characteristic that is not a UUID', field: 'gatt.control', edit: set('gatt.control', 'control') },
    {
      name: 'a service UUID that is one digit short',
      field: 'gatt.service',
      edit: set('gatt.service', 'eb5e0001-5a1e-4b1d-8c4e-6d617373616'),
    },
    { name: 'a misspelt top-level key', field: 'limitsEnforcedByDvice', edit: set('limitsEnforcedByDvice', true) },
    {
      name: 'a misspelt capability (strict objects refuse unknown keys)',
      field: 'capabilities.vibraton',
      edit: set('capabilities.vibraton', { steps: 5 }),
    },
    { name: 'a misspelt timing key', field: 'timing.minWriteGap', edit: set('timing.minWriteGap', 50) },
    {
      name: 'heat levels not ascending in temperature',
      field: 'capabilities.heat.levels[1].celsius',
      edit: set('capabilities.heat.levels[1].celsius', 35),
    },
    {
      name: 'two heat levels at the same temperature',
      field: 'capabilities.heat.levels[2].celsius',
      edit: set('capabilities.heat.levels[2].celsius', 38),
    },
    {
      name: 'heat levels with a gap in their numbering',
      field: 'capabilities.heat.levels[1].level',
      edit: set('capabilities.heat.levels[1].level', 3),
    },
    {
      name: 'a heat level at 61 °C',
      field: 'capabilities.heat.levels[2].celsius',
      edit: set('capabilities.heat.levels[2].celsius', 61),
    },
    { name: 'an empty list of heat levels', field: 'capabilities.heat.levels', edit: set('capabilities.heat.levels', []) },
    { name: 'an unknown heat mode', field: 'capabilities.heat.mode', edit: set('capabilities.heat.mode', 'fahrenheit') },
    {
      name: 'a kneading command without a kneading capability',
      field: 'commands.kneading',
      edit: remove('capabilities.kneading'),
    },
    { name: 'a heat capability without a heat command', field: 'commands.heat', edit: remove('commands.heat') },
    { name: 'a vibration capability without a vibration command', field: 'commands.vibration', edit: remove('commands.vibration') },
    { name: 'limitsEnforcedByDevice without gatt.limits', field: 'gatt.limits', edit: remove('gatt.limits') },
    { name: 'limitsEnforcedByDevice without a limits command', field: 'commands.limits', edit: remove('commands.limits') },
    {
      name: 'a limits command on a device that does not enforce limits',
      field: 'commands.limits',
      edit: set('limitsEnforcedByDevice', false),
    },
    {
      name: 'u8 used for sessionSeconds (1200 s would not fit)',
      field: 'commands.limits.bytes[4]',
      edit: set('commands.limits.bytes[4]', 'u8:sessionSeconds'),
    },
    {
      name: 'sessionSeconds with no width (defaults to u8)',
      field: 'commands.limits.bytes[4]',
      edit: set('commands.limits.bytes[4]', 'sessionSeconds'),
    },
    {
      name: 'a text template in an open-massager-family profile',
      field: 'commands.vibration',
      edit: set('commands.vibration', { text: 'V{level}\n' }),
    },
    {
      name: 'a template that is both bytes and text',
      field: 'commands.stop',
      edit: set('commands.stop', { bytes: ['0x00'], text: 'S' }),
    },
    {
      name: 'match with no name prefixes and no services (the chooser would offer every device)',
      field: 'match',
      edit: set('match', { namePrefixes: [], services: [] }),
    },
    { name: 'schema version 2', field: 'schemaVersion', edit: set('schemaVersion', 2) },
    { name: 'an unknown family', field: 'family', edit: set('family', 'open-massager-v2') },
    { name: 'an id with capitals', field: 'id', edit: set('id', 'Open-Massager') },
    { name: 'an empty name', field: 'name', edit: set('name', '   ') },
    {
      name: 'a write gap of 5 ms (faster than any device takes)',
      field: 'timing.minWriteGapMs',
      edit: set('timing.minWriteGapMs', 5),
    },
    { name: 'a missing timing block', field: 'timing', edit: remove('timing') },
    { name: 'an unknown standard service', field: 'standardServices[0]', edit: set('standardServices', ['heartRate']) },
    {
      name: 'both directions on the same code',
      field: 'directionCodes.counterclockwise',
      edit: set('directionCodes', { clockwise: 0, counterclockwise: 0 }),
    },
    {
      name: 'a bytes template in a text-family profile',
      field: 'commands.stop',
      base: uartProfile,
      edit: set('commands.stop', { bytes: ['0x00'] }),
    },
    {
      name: 'a text template using a field its command cannot use',
      field: 'commands.vibration.text',
      base: uartProfile,
      edit: set('commands.vibration', { text: 'V{celsius}\n' }),
    },
    {
      name: 'a heat range in degrees whose top is below its bottom',
      field: 'capabilities.heat.max',
      base: uartProfile,
      edit: set('capabilities.heat', { mode: 'celsius', min: 40, max: 35 }),
    },
  ];

  it.each(broken)('$name is refused, naming $field', ({ field, edit, base }) => {
    const json = (base ?? builtIn)();
    edit(json);
    const parsed = parseProfile(json, 'imported');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.kind).toBe('profile-error');
    expect(parsed.error.field).toBe(field);
    expect(parsed.error.message.length).toBeGreaterThan(0);
    expect(describeProfileError(parsed.error)).toBe(`${field}: ${parsed.error.message}`);
  });

  it.each([
    ['null', null],
    ['a string', 'open-massager'],
    ['an array', [1, 2, 3]],
    ['an empty object', {}],
  ])('%s instead of a profile is an error value, not an exception', (_name, input) => {
    const parsed = parseProfile(input, 'imported');
    expect(parsed.ok).toBe(false);
  });

  it('no JSON value, however odd, makes the parser throw [1000 runs]', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseProfile(value, 'imported').ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('replacing any one field of the real profile with an odd value never makes the parser throw [1000 runs]', () => {
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      paths.push(path);
      if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
    };
    walk(builtIn(), []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        const json = builtIn();
        set(path.join('.'), value)(json);
        const parsed = parseProfile(json, 'imported');
        if (!parsed.ok) expect(typeof parsed.error.field).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('refusal messages', () => {
  it('a required field left out is called missing, by its name, not by the validator’s wording', () => {
    const json = structuredClone(openMassagerJson) as Record<string, unknown>;
    delete json.id;
    const parsed = parseProfile(json, 'imported');
    expect(!parsed.ok && describeProfileError(parsed.error)).toBe('id: is missing');
  });
});
