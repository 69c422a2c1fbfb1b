/**
 * What the app can ask a massager to do, independent of any device's bytes.
 *
 * Levels are in the device's own steps (vibration 0..steps, kneading 0..speeds, heat 0..levels),
 * never percentages: a percentage is turned into steps once, when caps are resolved for a device,
 * always rounding down so that a cap is never exceeded by rounding.
 */
export type KneadingDirection = 'clockwise' | 'counterclockwise';

/**
 * Every output a massager may have, with what its command carries beside its kind. This map is
 * where an output kind starts: everything else (the levels below, caps, stats, the journal's
 * fields, the record in outputs.ts) is keyed by it, so a new entry here is a compile error
 * everywhere a piece for it is missing. Kneading also has a direction.
 */
export interface OutputCommandFields {
  readonly vibration: { readonly level: number };
  readonly kneading: { readonly speed: number; readonly direction: KneadingDirection };
  readonly heat: { readonly level: number };
}

export type OutputKind = keyof OutputCommandFields;

const EVERY_OUTPUT: { readonly [K in OutputKind]: null } = { vibration: null, kneading: null, heat: null };

/** The output kinds in their fixed order: the order commands go out in and controls are shown. */
export const OUTPUT_KINDS = Object.freeze(Object.keys(EVERY_OUTPUT) as OutputKind[]);

/** A value for every output kind, e.g. the levels of all of them. */
export type PerOutput<T> = { readonly [K in OutputKind]: T };

export function perOutput<T>(value: (kind: OutputKind) => T): PerOutput<T> {
  return Object.fromEntries(OUTPUT_KINDS.map((kind) => [kind, value(kind)])) as Record<OutputKind, T>;
}

/** The command that sets one output. */
export type LevelCommandOf<K extends OutputKind> = { readonly kind: K } & OutputCommandFields[K];
export type LevelCommand = { [K in OutputKind]: LevelCommandOf<K> }[OutputKind];

export function isLevelCommand(command: { readonly kind: string }): command is LevelCommand {
  return (OUTPUT_KINDS as readonly string[]).includes(command.kind);
}

/** The level of each output, in the device's own steps (a device report has these too). */
export type OutputLevels = PerOutput<number>;

export interface Outputs extends OutputLevels {
  readonly direction: KneadingDirection;
}

export const ALL_OFF: Outputs = Object.freeze({ ...perOutput(() => 0), direction: 'clockwise' });

export function anyOutputOn(outputs: OutputLevels): boolean {
  return OUTPUT_KINDS.some((kind) => outputs[kind] > 0);
}

/** Each output's field in the limits frame a device enforces: heat is limited in °C there. */
export interface LimitFieldOf {
  readonly vibration: 'maxVibration';
  readonly kneading: 'maxKneading';
  /** 0 means no heat at all in this session. */
  readonly heat: 'maxHeatC';
}
export type LimitField<K extends OutputKind = OutputKind> = LimitFieldOf[K];

/** The limits a session sends to firmware that enforces them on its own. */
export type DeviceLimits = { readonly [K in OutputKind as LimitField<K>]: number } & {
  readonly sessionSeconds: number;
  readonly heatSeconds: number;
};

export type OutputCommand =
  | { readonly kind: 'stop' }
  | LevelCommand
  | { readonly kind: 'limits'; readonly limits: DeviceLimits }
  /** For firmware that stops when it hears nothing for a while (see the UART family). */
  | { readonly kind: 'keepalive' }
  /** Asks a device that reports its own ranges for them (the DIY board's "?"): raises nothing. */
  | { readonly kind: 'ask-ranges' }
  /**
   * Releases a device's own latches (the DIY board's "R", after its STOP button or a fault): raises
   * nothing, and is only ever sent on a person's deliberate press.
   */
  | { readonly kind: 'release-latches' };

export type OutputCommandKind = OutputCommand['kind'];

declare const vettedBrand: unique symbol;

/**
 * A command that has passed the safety core. Codecs only encode this type, so nothing reaches
 * the wire without going through `vet()` (src/core/safety/vet.ts), the one place that brands it.
 */
export type VettedCommand = OutputCommand & { readonly [vettedBrand]: true };

export const STOP_COMMAND = { kind: 'stop' } as const satisfies OutputCommand;
