/**
 * A device profile after validation: what the rest of the app relies on.
 * The JSON form is described field by field in devices/README.md.
 */
/** Every protocol family, by id: each has a module in src/core/families/ and one in src/sim/families/. */
export const DEVICE_FAMILIES = ['open-massager-v1', 'uart-text-v1', 'diy-board-v1'] as const;
export type DeviceFamily = (typeof DEVICE_FAMILIES)[number];
export type StandardService = 'battery' | 'deviceInformation' | 'healthThermometer';
export type EndpointRole = 'control' | 'state' | 'limits';

/** One token of a byte template: a literal byte, or a named value of a given width. */
export type ByteToken =
  | { readonly kind: 'literal'; readonly value: number }
  | { readonly kind: 'field'; readonly name: TemplateField; readonly width: 'u8' | 'u16le' };

export type CommandTemplate =
  { readonly kind: 'bytes'; readonly tokens: readonly ByteToken[] } | { readonly kind: 'text'; readonly text: string };

export type TemplateField =
  'level' | 'speed' | 'direction' | 'celsius' | 'maxVibration' | 'maxKneading' | 'maxHeatC' | 'sessionSeconds' | 'heatSeconds';

export type TemplatedCommand = 'stop' | 'vibration' | 'kneading' | 'heat' | 'limits' | 'keepalive';

/** Which named values each command may use: a template naming any other field is refused. */
export const FIELDS_OF_COMMAND: Readonly<Record<TemplatedCommand, readonly TemplateField[]>> = {
  stop: [],
  keepalive: [],
  vibration: ['level'],
  kneading: ['speed', 'direction'],
  heat: ['level', 'celsius'],
  limits: ['maxVibration', 'maxKneading', 'maxHeatC', 'sessionSeconds', 'heatSeconds'],
};

export interface HeatLevel {
  readonly level: number;
  readonly celsius: number;
}

export interface Capabilities {
  readonly vibration: { readonly steps: number } | null;
  readonly kneading: { readonly speeds: number; readonly reversible: boolean } | null;
  /** Heat is always a list of steps with their temperature; a device set in degrees gets one step per degree. */
  readonly heat: { readonly mode: 'levels' | 'celsius'; readonly levels: readonly HeatLevel[] } | null;
}

export interface DeviceProfile {
  readonly id: string;
  readonly name: string;
  readonly family: DeviceFamily;
  readonly origin: 'built-in' | 'imported';
  /** For an imported profile that narrows a built-in one: the id it narrows. */
  readonly extends: string | null;
  readonly match: { readonly namePrefixes: readonly string[]; readonly services: readonly string[] };
  readonly gatt: {
    readonly service: string;
    readonly control: string;
    readonly state: string;
    readonly limits: string | null;
  };
  readonly standardServices: readonly StandardService[];
  readonly capabilities: Capabilities;
  /** True when the firmware takes a limits frame at session start and enforces it itself. */
  readonly limitsEnforcedByDevice: boolean;
  readonly timing: {
    readonly minWriteGapMs: number;
    readonly writeTimeoutMs: number;
    /** Firmware that stops when it hears nothing for a while needs a keepalive this often. */
    readonly keepaliveMs: number | null;
  };
  readonly commands: Readonly<Partial<Record<TemplatedCommand, CommandTemplate>>> & {
    readonly stop: CommandTemplate;
  };
  readonly directionCodes: { readonly clockwise: number; readonly counterclockwise: number };
}

export interface ProfileError {
  readonly kind: 'profile-error';
  /** Dotted path of the offending field, e.g. "capabilities.heat.levels[1].celsius". */
  readonly field: string;
  readonly message: string;
}

/** "capabilities.vibration.steps: must be an integer from 1 to 100" */
export function describeProfileError(error: ProfileError): string {
  return error.field ? `${error.field}: ${error.message}` : error.message;
}
