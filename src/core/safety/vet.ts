import { OUTPUT_KINDS, type DeviceLimits, type KneadingDirection, type OutputCommand, type VettedCommand } from '../commands.js';
import { OUTPUTS, type OutputRequest } from '../outputs.js';
import { GLOBAL_CAPS } from './caps.js';
import type { SessionCaps } from './resolve.js';

/** What the UI (or anything else) may ask for, one output at a time. Values arrive unchecked: they may be anything. */
export type { OutputRequest } from '../outputs.js';

export type RefusalReason = 'invalid' | 'not-capable' | 'no-session' | 'no-heat-this-session' | 'heat-time-used' | 'not-allowed';

export type Verdict =
  | {
      readonly ok: true;
      readonly command: VettedCommand;
      /** Set when the request was over a cap and was lowered to it. */
      readonly clamped: { readonly requested: number; readonly applied: number; readonly message: string } | null;
    }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string };

/** The part of a session's caps that vetting reads (a board check's step has only these). */
export type VetCaps = Pick<SessionCaps, 'maxVibration' | 'maxKneading' | 'maxHeat' | 'maxHeatC' | 'reversible'>;

/** What the session knows at the moment of asking. */
export interface VetContext {
  readonly caps: VetCaps | null;
  /** Outputs may only go above zero while a session is running. */
  readonly active: boolean;
  readonly heatTimeLeftMs: number;
}

function brand(command: OutputCommand): VettedCommand {
  return command as VettedCommand;
}

function refuse(reason: RefusalReason, message: string): Verdict {
  return { ok: false, reason, message };
}

/** Stop is never refused, whatever state anything is in. */
export function vetStop(): VettedCommand {
  return brand({ kind: 'stop' });
}

export function vetKeepalive(): VettedCommand {
  return brand({ kind: 'keepalive' });
}

/** Asking a device for its ranges switches nothing on: it is always allowed. */
export function vetAskRanges(): VettedCommand {
  return brand({ kind: 'ask-ranges' });
}

/**
 * A person's release of the device's own latches (its STOP button, a fault it latched). Refused
 * while a session is open: the latch is what keeps that session's outputs off, and the session
 * has to end (it does, on the board's stop) before the board is made ready again.
 */
export function vetLatchRelease(context: { readonly sessionOpen: boolean }): Verdict {
  if (context.sessionOpen) return refuse('not-allowed', 'End the session before releasing the massager’s stop.');
  return { ok: true, command: brand({ kind: 'release-latches' }), clamped: null };
}

/** Limits for the firmware, never above the global caps whatever a preset says. */
export function vetLimits(limits: DeviceLimits): VettedCommand {
  const sessionSeconds = Math.max(1, Math.min(Math.ceil(limits.sessionSeconds), GLOBAL_CAPS.sessionMs.value / 1000));
  const outputs = OUTPUT_KINDS.map((kind) => {
    const { limit, limitCeiling } = OUTPUTS[kind];
    return [limit, Math.max(0, Math.min(Math.floor(limits[limit]), limitCeiling))];
  });
  return brand({
    kind: 'limits',
    limits: {
      ...(Object.fromEntries(outputs) as Omit<DeviceLimits, 'sessionSeconds' | 'heatSeconds'>),
      sessionSeconds,
      heatSeconds: Math.max(0, Math.min(Math.ceil(limits.heatSeconds), GLOBAL_CAPS.heatMs.value / 1000, sessionSeconds)),
    },
  });
}

function wholeLevel(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  // A slider may send 2.7: round down, never up, so a fractional value cannot exceed a cap.
  return Math.floor(value);
}

function clampTo(requested: number, cap: number, what: string, capLabel: string) {
  return requested > cap
    ? { applied: cap, clamped: { requested, applied: cap, message: `${what} is limited to ${cap} ${capLabel}` } }
    : { applied: requested, clamped: null };
}

/**
 * The one gate between a request and the wire: every output command the session sends was made
 * here. Lowering (to 0) is always allowed; raising needs a running session and stays within caps.
 */
export function vet(request: OutputRequest, context: VetContext): Verdict {
  const { caps } = context;
  switch (request.kind) {
    case 'vibration': {
      const level = wholeLevel(request.level);
      if (level === null) return refuse('invalid', 'Vibration must be a level of 0 or more.');
      if (level === 0) return { ok: true, command: brand({ kind: 'vibration', level: 0 }), clamped: null };
      if (!context.active || !caps) return refuse('no-session', 'Start a session before turning vibration on.');
      if (caps.maxVibration === 0) return refuse('not-allowed', 'This session has no vibration.');
      const { applied, clamped } = clampTo(level, caps.maxVibration, 'Vibration', 'in this preset');
      return { ok: true, command: brand({ kind: 'vibration', level: applied }), clamped };
    }
    case 'kneading': {
      const speed = wholeLevel(request.speed);
      const direction = request.direction;
      if (speed === null) return refuse('invalid', 'Kneading speed must be 0 or more.');
      if (direction !== 'clockwise' && direction !== 'counterclockwise') {
        return refuse('invalid', 'Kneading direction must be clockwise or counterclockwise.');
      }
      const dir: KneadingDirection = direction;
      if (dir === 'counterclockwise' && caps && !caps.reversible) {
        return refuse('not-capable', 'This massager kneads in one direction only.');
      }
      if (speed === 0) return { ok: true, command: brand({ kind: 'kneading', speed: 0, direction: dir }), clamped: null };
      if (!context.active || !caps) return refuse('no-session', 'Start a session before turning kneading on.');
      if (caps.maxKneading === 0) return refuse('not-allowed', 'This session has no kneading.');
      const { applied, clamped } = clampTo(speed, caps.maxKneading, 'Kneading speed', 'in this preset');
      return { ok: true, command: brand({ kind: 'kneading', speed: applied, direction: dir }), clamped };
    }
    case 'heat': {
      const level = wholeLevel(request.level);
      if (level === null) return refuse('invalid', 'Heat must be a level of 0 or more.');
      if (level === 0) return { ok: true, command: brand({ kind: 'heat', level: 0 }), clamped: null };
      if (!context.active || !caps) return refuse('no-session', 'Start a session before turning heat on.');
      if (caps.maxHeat === 0) return refuse('no-heat-this-session', 'This session has no heat.');
      if (context.heatTimeLeftMs <= 0) return refuse('heat-time-used', 'Heat has reached its time limit for this session.');
      const { applied, clamped } = clampTo(level, caps.maxHeat, 'Heat', `(${caps.maxHeatC} °C) in this preset`);
      return { ok: true, command: brand({ kind: 'heat', level: applied }), clamped };
    }
  }
}
