import * as v from 'valibot';
import { FAMILIES } from '../families/index.js';
import { err, ok, type Result } from '../result.js';
import { profileSchema, type ProfileJson, type ProfileTemplateJson } from './schema.js';
import {
  FIELDS_OF_COMMAND,
  type ByteToken,
  type Capabilities,
  type CommandTemplate,
  type DeviceProfile,
  type HeatLevel,
  type ProfileError,
  type TemplateField,
  type TemplatedCommand,
} from './types.js';
import { canonicalUuid } from './uuid.js';

const TEMPLATE_FIELDS: readonly TemplateField[] = [
  'level',
  'speed',
  'direction',
  'celsius',
  'maxVibration',
  'maxKneading',
  'maxHeatC',
  'sessionSeconds',
  'heatSeconds',
];

/** Fields whose values can pass 255 and so need two bytes. */
const WIDE_FIELDS: readonly TemplateField[] = ['sessionSeconds', 'heatSeconds'];

class ProfileRuleBroken extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function broken(field: string, message: string): never {
  throw new ProfileRuleBroken(field, message);
}

function formatPath(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path;
}

function parseTemplate(command: TemplatedCommand, json: ProfileTemplateJson): CommandTemplate {
  const where = `commands.${command}`;
  const allowed = FIELDS_OF_COMMAND[command];
  if ('text' in json) {
    for (const match of json.text.matchAll(/\{([^}]*)\}/g)) {
      const name = match[1] ?? '';
      if (!(allowed as readonly string[]).includes(name)) {
        broken(`${where}.text`, `uses {${name}}, but ${command} can only use ${describeAllowed(allowed)}`);
      }
    }
    return { kind: 'text', text: json.text };
  }
  const tokens = json.bytes.map((raw, index): ByteToken => {
    if (typeof raw === 'number') return { kind: 'literal', value: raw };
    if (raw.startsWith('0x')) return { kind: 'literal', value: Number.parseInt(raw, 16) };
    const [widthOrName, maybeName] = raw.split(':');
    const name = maybeName ?? widthOrName ?? '';
    const width = maybeName === undefined ? 'u8' : (widthOrName as 'u8' | 'u16le');
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(name)) {
      broken(`${where}.bytes[${index}]`, `"${name}" is not a field a template can use`);
    }
    const field = name as TemplateField;
    if (!allowed.includes(field)) {
      broken(`${where}.bytes[${index}]`, `${command} can only use ${describeAllowed(allowed)}, not "${field}"`);
    }
    if (WIDE_FIELDS.includes(field) && width !== 'u16le') {
      broken(`${where}.bytes[${index}]`, `"${field}" can exceed 255 and must be written "u16le:${field}"`);
    }
    return { kind: 'field', name: field, width };
  });
  return { kind: 'bytes', tokens };
}

function describeAllowed(allowed: readonly TemplateField[]): string {
  return allowed.length ? allowed.map((f) => `"${f}"`).join(', ') : 'no fields';
}

function parseCapabilities(json: ProfileJson): Capabilities {
  const { vibration, kneading, heat } = json.capabilities;
  let levels: HeatLevel[] | null = null;
  if (heat?.mode === 'levels') {
    heat.levels.forEach((entry, index) => {
      if (entry.level !== index + 1) {
        broken(`capabilities.heat.levels[${index}].level`, `must be ${index + 1}: levels count up from 1 without gaps`);
      }
      const previous = heat.levels[index - 1];
      if (previous && entry.celsius <= previous.celsius) {
        broken(`capabilities.heat.levels[${index}].celsius`, 'must be warmer than the level before it');
      }
    });
    levels = heat.levels.map(({ level, celsius }) => ({ level, celsius }));
  } else if (heat?.mode === 'celsius') {
    if (heat.max < heat.min) broken('capabilities.heat.max', 'must not be below capabilities.heat.min');
    levels = [];
    for (let celsius = heat.min; celsius <= heat.max; celsius++) {
      levels.push({ level: levels.length + 1, celsius });
    }
  }
  return {
    vibration: vibration ? { steps: vibration.steps } : null,
    kneading: kneading ? { speeds: kneading.speeds, reversible: kneading.reversible } : null,
    heat: heat && levels ? { mode: heat.mode, levels } : null,
  };
}

function checkCommandsMatchCapabilities(json: ProfileJson): void {
  const pairs: [TemplatedCommand, boolean][] = [
    ['vibration', json.capabilities.vibration !== undefined],
    ['kneading', json.capabilities.kneading !== undefined],
    ['heat', json.capabilities.heat !== undefined],
    ['limits', json.limitsEnforcedByDevice],
  ];
  for (const [command, capable] of pairs) {
    const present = json.commands[command] !== undefined;
    if (capable && !present) {
      broken(
        `commands.${command}`,
        `is missing: the profile declares ${command === 'limits' ? 'limitsEnforcedByDevice' : `a ${command} capability`}`,
      );
    }
    if (!capable && present) {
      broken(
        `commands.${command}`,
        `is given, but the profile declares no ${command === 'limits' ? 'limitsEnforcedByDevice' : `${command} capability`}`,
      );
    }
  }
  if (json.limitsEnforcedByDevice && json.gatt.limits === undefined) {
    broken('gatt.limits', 'is missing: limitsEnforcedByDevice needs a limits characteristic');
  }
  const wantKind = FAMILIES[json.family].templateKind;
  for (const [command, template] of Object.entries(json.commands)) {
    if (command === '$schema' || template === undefined) continue;
    if (!(wantKind in template)) {
      broken(`commands.${command}`, `must be a {"${wantKind}": ...} template for the ${json.family} family`);
    }
  }
}

function uuidOrBroken(field: string, value: string): string {
  return canonicalUuid(value) ?? broken(field, 'must be a UUID');
}

/** Validates a profile document. Never throws: a broken profile is an error value naming its field. */
export function parseProfile(input: unknown, origin: DeviceProfile['origin'] = 'built-in'): Result<DeviceProfile, ProfileError> {
  const parsed = v.safeParse(profileSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    // valibot words a required field that is absent as "Invalid key: Expected ..."; say it plainly.
    const absent = issue.kind === 'schema' && issue.input === undefined && issue.message.startsWith('Invalid key');
    return err({ kind: 'profile-error', field: formatPath(issue), message: absent ? 'is missing' : issue.message });
  }
  const json = parsed.output;
  try {
    if (json.match.namePrefixes.length === 0 && json.match.services.length === 0) {
      broken('match', 'needs at least one name prefix or one service, or the chooser would offer every device');
    }
    checkCommandsMatchCapabilities(json);
    const commands: Partial<Record<TemplatedCommand, CommandTemplate>> = {};
    for (const name of Object.keys(FIELDS_OF_COMMAND) as TemplatedCommand[]) {
      const template = json.commands[name];
      if (template) commands[name] = parseTemplate(name, template);
    }
    const codes = json.directionCodes ?? { clockwise: 0, counterclockwise: 1 };
    if (codes.clockwise === codes.counterclockwise) {
      broken('directionCodes.counterclockwise', 'must differ from directionCodes.clockwise');
    }
    const profile: DeviceProfile = {
      id: json.id,
      name: json.name,
      family: json.family,
      origin,
      extends: json.extends ?? null,
      match: {
        namePrefixes: json.match.namePrefixes,
        services: json.match.services.map((s, i) => uuidOrBroken(`match.services[${i}]`, s)),
      },
      gatt: {
        service: uuidOrBroken('gatt.service', json.gatt.service),
        control: uuidOrBroken('gatt.control', json.gatt.control),
        state: uuidOrBroken('gatt.state', json.gatt.state),
        limits: json.gatt.limits === undefined ? null : uuidOrBroken('gatt.limits', json.gatt.limits),
      },
      standardServices: [...new Set(json.standardServices)],
      capabilities: parseCapabilities(json),
      limitsEnforcedByDevice: json.limitsEnforcedByDevice,
      timing: { ...json.timing },
      commands: { ...commands, stop: commands.stop ?? broken('commands.stop', 'is missing') },
      directionCodes: codes,
    };
    return ok(profile);
  } catch (error: unknown) {
    if (error instanceof ProfileRuleBroken) {
      return err({ kind: 'profile-error', field: error.field, message: error.message });
    }
    throw error;
  }
}
