import { describe, expect, it } from 'vitest';
import { ALL_OFF, type OutputCommand } from '../../../../src/core/commands.js';
import type { SessionCaps } from '../../../../src/core/safety/resolve.js';
import {
  vet,
  vetAskRanges,
  vetLatchRelease,
  vetLimits,
  vetStop,
  type OutputRequest,
  type RefusalReason,
  type VetContext,
} from '../../../../src/core/safety/vet.js';

const MINUTE = 60_000;

/** A running everyday session on a 10-step device: vibration ≤ 5, kneading ≤ 2, heat ≤ step 2 (38 °C). */
const CAPS: SessionCaps = {
  presetId: 'everyday',
  maxVibration: 5,
  maxKneading: 2,
  reversible: true,
  maxHeat: 2,
  maxHeatC: 38,
  heatCelsius: [36, 38, 40],
  sessionMs: 15 * MINUTE,
  heatMs: 15 * MINUTE,
  checkinMs: 5 * MINUTE,
  cooldownMs: 30 * MINUTE,
  rampMs: 30_000,
  start: ALL_OFF,
};
const RUNNING: VetContext = { caps: CAPS, active: true, heatTimeLeftMs: 10 * MINUTE };
const IDLE: VetContext = { caps: null, active: false, heatTimeLeftMs: 0 };
const PAUSED: VetContext = { ...RUNNING, active: false };

type Row =
  | {
      readonly hazard: string;
      readonly request: OutputRequest;
      readonly context: VetContext;
      readonly sends: OutputCommand;
      readonly clampedTo?: number;
    }
  | { readonly hazard: string; readonly request: OutputRequest; readonly context: VetContext; readonly refused: RefusalReason };

const ROWS: readonly Row[] = [
  // Within the caps: sent as asked.
  {
    hazard: 'a level within the cap goes through as asked',
    request: { kind: 'vibration', level: 3 },
    context: RUNNING,
    sends: { kind: 'vibration', level: 3 },
  },
  {
    hazard: 'kneading within the cap, either way round on a reversible device',
    request: { kind: 'kneading', speed: 2, direction: 'counterclockwise' },
    context: RUNNING,
    sends: { kind: 'kneading', speed: 2, direction: 'counterclockwise' },
  },
  { hazard: 'heat within the cap', request: { kind: 'heat', level: 2 }, context: RUNNING, sends: { kind: 'heat', level: 2 } },
  // Over a cap: lowered to it, never sent above.
  {
    hazard: 'vibration over the preset is lowered to its cap',
    request: { kind: 'vibration', level: 9 },
    context: RUNNING,
    sends: { kind: 'vibration', level: 5 },
    clampedTo: 5,
  },
  {
    hazard: 'kneading over the preset is lowered to its cap',
    request: { kind: 'kneading', speed: 3, direction: 'clockwise' },
    context: RUNNING,
    sends: { kind: 'kneading', speed: 2, direction: 'clockwise' },
    clampedTo: 2,
  },
  {
    hazard: 'heat over the preset (40 °C asked, 38 °C allowed) is lowered to its cap',
    request: { kind: 'heat', level: 3 },
    context: RUNNING,
    sends: { kind: 'heat', level: 2 },
    clampedTo: 2,
  },
  {
    hazard: 'a fractional slider value rounds down, never up past a cap',
    request: { kind: 'vibration', level: 5.9 },
    context: RUNNING,
    sends: { kind: 'vibration', level: 5 },
  },
  // Lowering to off is always allowed, in any state.
  {
    hazard: 'vibration off with no session',
    request: { kind: 'vibration', level: 0 },
    context: IDLE,
    sends: { kind: 'vibration', level: 0 },
  },
  {
    hazard: 'kneading off with no session',
    request: { kind: 'kneading', speed: 0, direction: 'clockwise' },
    context: IDLE,
    sends: { kind: 'kneading', speed: 0, direction: 'clockwise' },
  },
  {
    hazard: 'heat off with its time used up',
    request: { kind: 'heat', level: 0 },
    context: { ...RUNNING, heatTimeLeftMs: 0 },
    sends: { kind: 'heat', level: 0 },
  },
  // Raising outside a running session.
  { hazard: 'vibration on with no session', request: { kind: 'vibration', level: 1 }, context: IDLE, refused: 'no-session' },
  {
    hazard: 'kneading on while paused',
    request: { kind: 'kneading', speed: 1, direction: 'clockwise' },
    context: PAUSED,
    refused: 'no-session',
  },
  { hazard: 'heat on while paused', request: { kind: 'heat', level: 1 }, context: PAUSED, refused: 'no-session' },
  // What the session does not allow.
  {
    hazard: 'vibration in a session with none',
    request: { kind: 'vibration', level: 1 },
    context: { ...RUNNING, caps: { ...CAPS, maxVibration: 0 } },
    refused: 'not-allowed',
  },
  {
    hazard: 'kneading in a session with none (screening said no kneading)',
    request: { kind: 'kneading', speed: 1, direction: 'clockwise' },
    context: { ...RUNNING, caps: { ...CAPS, maxKneading: 0 } },
    refused: 'not-allowed',
  },
  {
    hazard: 'heat in a session with none (screening said no heat)',
    request: { kind: 'heat', level: 1 },
    context: { ...RUNNING, caps: { ...CAPS, maxHeat: 0, maxHeatC: 0 } },
    refused: 'no-heat-this-session',
  },
  {
    hazard: 'heat after its time limit',
    request: { kind: 'heat', level: 1 },
    context: { ...RUNNING, heatTimeLeftMs: 0 },
    refused: 'heat-time-used',
  },
  {
    hazard: 'counterclockwise on a device that kneads one way only',
    request: { kind: 'kneading', speed: 0, direction: 'counterclockwise' },
    context: { ...RUNNING, caps: { ...CAPS, reversible: false } },
    refused: 'not-capable',
  },
  // Values that are not levels at all.
  { hazard: 'a negative level', request: { kind: 'vibration', level: -1 }, context: RUNNING, refused: 'invalid' },
  { hazard: 'a level that is not a number', request: { kind: 'heat', level: '2' }, context: RUNNING, refused: 'invalid' },
  { hazard: 'an infinite level', request: { kind: 'vibration', level: Infinity }, context: RUNNING, refused: 'invalid' },
  { hazard: 'NaN for a level', request: { kind: 'kneading', speed: NaN, direction: 'clockwise' }, context: RUNNING, refused: 'invalid' },
  {
    hazard: 'a direction that is neither way',
    request: { kind: 'kneading', speed: 1, direction: 'left' },
    context: RUNNING,
    refused: 'invalid',
  },
];

describe('vet, as a table: every output request, every state', () => {
  it.each(ROWS)('$hazard', (row) => {
    const verdict = vet(row.request, row.context);
    if ('refused' in row) {
      expect(verdict).toMatchObject({ ok: false, reason: row.refused });
      if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(0);
      return;
    }
    expect(verdict).toMatchObject({ ok: true, command: row.sends });
    if (verdict.ok) expect(verdict.clamped?.applied ?? null).toBe(row.clampedTo ?? null);
  });

  it('stop is never refused and needs no state at all', () => {
    expect(vetStop()).toEqual({ kind: 'stop' });
  });

  it.each([
    {
      hazard: 'a session asked longer than 20 min is held to 20 min',
      asked: { sessionSeconds: 3600, heatSeconds: 3600 },
      sent: { sessionSeconds: 1200, heatSeconds: 1200 },
    },
    {
      hazard: 'heat time never outlasts the session',
      asked: { sessionSeconds: 600, heatSeconds: 900 },
      sent: { sessionSeconds: 600, heatSeconds: 600 },
    },
    { hazard: 'a heat limit above 40 °C is held to 40 °C', asked: { maxHeatC: 45 }, sent: { maxHeatC: 40 } },
    {
      hazard: 'negative or fractional maxima go down to whole steps, never up',
      asked: { maxVibration: 4.8, maxKneading: -2 },
      sent: { maxVibration: 4, maxKneading: 0 },
    },
    {
      hazard: 'a zero-length session still asks for at least a second (the firmware refuses 0)',
      asked: { sessionSeconds: 0, heatSeconds: 0 },
      sent: { sessionSeconds: 1, heatSeconds: 0 },
    },
  ])('limits: $hazard', ({ asked, sent }) => {
    const limits = { maxVibration: 5, maxKneading: 2, maxHeatC: 38, sessionSeconds: 900, heatSeconds: 900, ...asked };
    expect(vetLimits(limits)).toEqual({ kind: 'limits', limits: { ...limits, ...sent } });
  });

  it('releasing the board’s own stop is refused while a session is open: its latch is what keeps that session off', () => {
    expect(vetLatchRelease({ sessionOpen: true })).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(vetLatchRelease({ sessionOpen: false })).toMatchObject({ ok: true, command: { kind: 'release-latches' } });
  });

  it('asking the board for its ranges raises nothing, so it is always allowed', () => {
    expect(vetAskRanges()).toEqual({ kind: 'ask-ranges' });
  });
});
