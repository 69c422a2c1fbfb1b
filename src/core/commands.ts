/**
 * What the app can ask a massager to do, independent of any device's bytes.
 *
 * Levels are in the device's own steps (vibration 0..steps, kneading 0..speeds, heat 0..levels),
 * never percentages: a percentage is turned into steps once, when caps are resolved for a device,
 * always rounding down so that a cap is never exceeded by rounding.
 */
export type KneadingDirection = 'clockwise' | 'counterclockwise';

export interface Outputs {
  readonly vibration: number;
  readonly kneading: number;
  readonly direction: KneadingDirection;
  readonly heat: number;
}

export const ALL_OFF: Outputs = Object.freeze({
  vibration: 0,
  kneading: 0,
  direction: 'clockwise',
  heat: 0,
});

export function anyOutputOn(outputs: Outputs): boolean {
  return outputs.vibration > 0 || outputs.kneading > 0 || outputs.heat > 0;
}

/** The limits a session sends to firmware that enforces them on its own. */
export interface DeviceLimits {
  readonly maxVibration: number;
  readonly maxKneading: number;
  /** 0 means no heat at all in this session. */
  readonly maxHeatC: number;
  readonly sessionSeconds: number;
  readonly heatSeconds: number;
}

export type OutputCommand =
  | { readonly kind: 'stop' }
  | { readonly kind: 'vibration'; readonly level: number }
  | { readonly kind: 'kneading'; readonly speed: number; readonly direction: KneadingDirection }
  | { readonly kind: 'heat'; readonly level: number }
  | { readonly kind: 'limits'; readonly limits: DeviceLimits }
  /** For firmware that stops when it hears nothing for a while (see the UART family). */
  | { readonly kind: 'keepalive' };

export type OutputCommandKind = OutputCommand['kind'];

declare const vettedBrand: unique symbol;

/**
 * A command that has passed the safety core. Codecs only encode this type, so nothing reaches
 * the wire without going through `vet()` (src/core/safety/vet.ts), the one place that brands it.
 */
export type VettedCommand = OutputCommand & { readonly [vettedBrand]: true };

export const STOP_COMMAND = { kind: 'stop' } as const satisfies OutputCommand;
