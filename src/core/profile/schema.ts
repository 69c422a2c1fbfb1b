import * as v from 'valibot';
import { DEVICE_FAMILIES } from './types.js';

/**
 * The JSON shape of a device profile (devices/<id>/profile.json, or a file a user imports).
 * Only shape and ranges live here; rules that span fields are in parse.ts.
 * Objects are strict: a misspelt field is refused by name instead of being silently ignored.
 */
function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

function text(maxLength: number) {
  return v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(maxLength, `must be at most ${maxLength} characters`),
  );
}

const uuid = v.pipe(
  v.string('must be a UUID'),
  v.regex(
    /^((0x)?[0-9a-fA-F]{4}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
    'must be a 16-bit UUID like "180f" or a full 128-bit UUID',
  ),
);

/** A template byte: a number 0..255, a hex literal "0x1f", or a field name with an optional width. */
const byteToken = v.union(
  [wholeNumber(0, 255), v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{1,2}$/)), v.pipe(v.string(), v.regex(/^(u8:|u16le:)?[a-zA-Z]+$/))],
  'must be a byte (0..255 or "0x1f") or a field name such as "level" or "u16le:sessionSeconds"',
);

const template = v.union(
  [
    v.strictObject({ bytes: v.pipe(v.array(byteToken), v.minLength(1), v.maxLength(20)) }),
    // A text template names its fields ({sessionSeconds}...): the line it fills is shorter.
    v.strictObject({ text: v.pipe(v.string(), v.minLength(1), v.maxLength(80)) }),
  ],
  'must be {"bytes": [...]} (1 to 20 tokens) or {"text": "..."} (1 to 80 characters)',
);

const heatLevel = v.strictObject({
  level: wholeNumber(1, 20),
  celsius: wholeNumber(25, 60),
});

const heat = v.variant(
  'mode',
  [
    v.strictObject({
      mode: v.literal('levels'),
      levels: v.pipe(v.array(heatLevel), v.minLength(1, 'must list at least one level')),
    }),
    v.strictObject({
      mode: v.literal('celsius'),
      min: wholeNumber(25, 60),
      max: wholeNumber(25, 60),
    }),
  ],
  'must have "mode": "levels" or "mode": "celsius"',
);

export const profileSchema = v.strictObject({
  $schema: v.optional(v.string()),
  schemaVersion: v.literal(1, 'must be 1 (the only profile format this app reads)'),
  id: v.pipe(v.string('must be text'), v.regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2 to 40 lower-case letters, digits or dashes')),
  name: text(60),
  family: v.picklist(DEVICE_FAMILIES, `must be ${DEVICE_FAMILIES.map((f) => `"${f}"`).join(' or ')}`),
  extends: v.optional(v.pipe(v.string('must be text'), v.regex(/^[a-z0-9][a-z0-9-]{1,39}$/))),
  match: v.strictObject({
    namePrefixes: v.pipe(v.array(text(29)), v.maxLength(8)),
    services: v.pipe(v.array(uuid), v.maxLength(8)),
  }),
  gatt: v.strictObject({
    service: uuid,
    control: uuid,
    state: uuid,
    limits: v.optional(uuid),
  }),
  standardServices: v.pipe(
    v.array(
      v.picklist(['battery', 'deviceInformation', 'healthThermometer'], 'must be "battery", "deviceInformation" or "healthThermometer"'),
    ),
    v.maxLength(3),
  ),
  capabilities: v.strictObject({
    vibration: v.optional(v.strictObject({ steps: wholeNumber(1, 100) })),
    kneading: v.optional(
      v.strictObject({
        speeds: wholeNumber(1, 20),
        reversible: v.boolean('must be true or false'),
      }),
    ),
    heat: v.optional(heat),
  }),
  limitsEnforcedByDevice: v.boolean('must be true or false'),
  timing: v.strictObject({
    minWriteGapMs: wholeNumber(20, 1000),
    writeTimeoutMs: wholeNumber(100, 10000),
    keepaliveMs: v.nullable(wholeNumber(250, 60000)),
  }),
  commands: v.strictObject({
    stop: template,
    vibration: v.optional(template),
    kneading: v.optional(template),
    heat: v.optional(template),
    limits: v.optional(template),
    keepalive: v.optional(template),
  }),
  directionCodes: v.optional(v.strictObject({ clockwise: wholeNumber(0, 255), counterclockwise: wholeNumber(0, 255) })),
});

export type ProfileJson = v.InferOutput<typeof profileSchema>;
export type ProfileTemplateJson = v.InferOutput<typeof template>;
