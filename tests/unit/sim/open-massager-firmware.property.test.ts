import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytes, toHex } from '../../../src/core/bytes.js';
import { OPEN_MASSAGER } from '../../../src/core/protocol/open-massager.js';
import { FIRMWARE, OpenMassagerFirmware, type FirmwareFault, type FirmwareSnapshot } from '../../../src/sim/open-massager-firmware.js';

/**
 * Whatever bytes reach it and whenever, the firmware keeps its rules: nothing on outside an armed
 * session or past its deadlines, nothing above the limits it took, nothing turned up except by an
 * accepted command, a stop always taken, and a refused write changing nothing.
 */

const RUNS = 2000;
const SETPOINTS = FIRMWARE.heatSetpointsC;

type Step =
  | { kind: 'control'; frame: Uint8Array }
  | { kind: 'limits'; frame: Uint8Array }
  | { kind: 'wait'; ms: number }
  | { kind: 'link-lost' }
  | { kind: 'connect' }
  | { kind: 'fault'; fault: FirmwareFault };

/** Mostly well-formed frames with values around the edges, some pure noise. */
const controlFrame = fc.oneof(
  fc.tuple(fc.constantFrom(1, 3), fc.integer({ min: 0, max: 12 })).map(([op, a]) => bytes(op, a)),
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 })).map(([a, b]) => bytes(2, a, b)),
  fc.constant(bytes(0)),
  fc.uint8Array({ maxLength: 5 }),
);

const limitsFrame = fc.oneof(
  fc
    .record({
      v: fc.integer({ min: 0, max: 11 }),
      k: fc.integer({ min: 0, max: 4 }),
      c: fc.constantFrom(0, 29, 30, 36, 38, 40, 41),
      s: fc.oneof(fc.integer({ min: 0, max: 1300 }), fc.constant(65535)),
      h: fc.integer({ min: 0, max: 1300 }),
    })
    .map(({ v, k, c, s, h }) => bytes(1, v, k, c, s & 0xff, s >> 8, h & 0xff, h >> 8)),
  fc.uint8Array({ maxLength: 10 }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: controlFrame.map((frame) => ({ kind: 'control' as const, frame })) },
  { weight: 3, arbitrary: limitsFrame.map((frame) => ({ kind: 'limits' as const, frame })) },
  {
    weight: 5,
    arbitrary: fc
      .oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 5_000, max: 200_000 }), fc.constant(600_000))
      .map((ms) => ({ kind: 'wait' as const, ms })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'link-lost' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connect' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.integer({ min: 300, max: 450 }).map((d): FirmwareFault => ({ kind: 'heater-temperature', celsius: d / 10 })),
        fc.constant<FirmwareFault>({ kind: 'heater-runaway' }),
        fc.integer({ min: 0, max: 100 }).map((percent): FirmwareFault => ({ kind: 'battery', percent })),
      )
      .map((fault) => ({ kind: 'fault' as const, fault })),
  },
);

const levelsOf = (s: FirmwareSnapshot) => ({ vibration: s.vibration, kneading: s.kneading, heat: s.heat });

function checkRules(s: FirmwareSnapshot, where: string): void {
  const on = s.vibration > 0 || s.kneading > 0 || s.heat > 0;
  if (on) {
    expect(s.armed, `on without a session ${where}`).toBe(true);
    expect(s.now, `on past the deadline ${where}`).toBeLessThan(s.deadlineAt ?? -Infinity);
    expect(s.overTemperature || s.lowBattery || s.sensorFault, `on with a fault ${where}`).toBe(false);
  }
  if (s.heat > 0) expect(s.now, `heat past its deadline ${where}`).toBeLessThan(s.heatDeadlineAt ?? -Infinity);
  if (s.limits) {
    expect(s.vibration).toBeLessThanOrEqual(s.limits.maxVibration);
    expect(s.kneading).toBeLessThanOrEqual(s.limits.maxKneading);
    if (s.heat > 0) expect(SETPOINTS[s.heat - 1]).toBeLessThanOrEqual(s.limits.maxHeatC);
    expect(s.limits.maxHeatC).toBeLessThanOrEqual(FIRMWARE.maxHeatLimitC);
    expect(s.limits.sessionSeconds).toBeLessThanOrEqual(FIRMWARE.maxSessionSeconds);
  }
  if (s.deadlineAt !== null) expect(s.deadlineAt - s.now).toBeLessThanOrEqual(FIRMWARE.maxSessionSeconds * 1000);
  // The snapshot rounds to 0.1 °C: above 41.0 after rounding is surely at or past the cut.
  if (s.heaterC > FIRMWARE.hardCutC) expect(on, `on at ${s.heaterC} °C ${where}`).toBe(false);
}

describe('simulated firmware properties', () => {
  it(`random frames, waits, link loss and faults never break a firmware rule [${RUNS} runs]`, () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const fw = new OpenMassagerFirmware({ now: 0 });
        fw.connect(0);
        let now = 0;
        for (const action of steps) {
          const before = fw.snapshot();
          const where = `after ${JSON.stringify(action, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v))}`;
          switch (action.kind) {
            case 'control':
            case 'limits': {
              const code = fw.write(action.kind === 'control' ? OPEN_MASSAGER.control : OPEN_MASSAGER.limits, action.frame, now);
              const after = fw.snapshot();
              if (action.kind === 'control' && action.frame[0] === 0) {
                expect(code, `a stop was refused ${where}`).toBe(0);
                expect(levelsOf(after)).toEqual({ vibration: 0, kneading: 0, heat: 0 });
                expect(after.armed).toBe(false);
              }
              if (code !== 0) {
                expect(levelsOf(after), `a refused write changed the outputs ${where}`).toEqual(levelsOf(before));
                expect(after.limits, `a refused write changed the limits ${where}`).toEqual(before.limits);
                expect(after.deadlineAt).toEqual(before.deadlineAt);
              }
              if (action.kind === 'limits' && code === 0) {
                // A new session starts from every output off.
                expect(levelsOf(after)).toEqual({ vibration: 0, kneading: 0, heat: 0 });
              }
              break;
            }
            case 'wait': {
              now += action.ms;
              fw.tick(now);
              const after = fw.snapshot();
              // Time alone never turns anything up.
              for (const output of ['vibration', 'kneading', 'heat'] as const) expect(after[output]).toBeLessThanOrEqual(before[output]);
              break;
            }
            case 'link-lost':
              fw.linkLost(now);
              expect(levelsOf(fw.snapshot())).toEqual({ vibration: 0, kneading: 0, heat: 0 });
              expect(fw.snapshot().armed).toBe(false);
              break;
            case 'connect':
              fw.connect(now);
              for (const output of ['vibration', 'kneading', 'heat'] as const)
                expect(fw.snapshot()[output]).toBeLessThanOrEqual(before[output]);
              break;
            case 'fault':
              fw.inject(action.fault);
              for (const output of ['vibration', 'kneading', 'heat'] as const)
                expect(fw.snapshot()[output]).toBeLessThanOrEqual(before[output]);
              break;
          }
          checkRules(fw.snapshot(), where);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
