import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../../../../src/core/bytes.js';
import { GLOBAL_CAPS } from '../../../../src/core/safety/caps.js';
import { presetById, type PresetId } from '../../../../src/core/safety/presets.js';
import type { SessionCaps } from '../../../../src/core/safety/resolve.js';
import { SCREENING_QUESTIONS, type ScreeningQuestionId } from '../../../../src/core/safety/screening.js';
import { isActive } from '../../../../src/core/session/machine.js';
import type { MachineState, Notice, Session } from '../../../../src/core/session/types.js';
import { FIRMWARE } from '../../../../src/sim/open-massager-firmware.js';
import { failAt, runScenario, scenarioArbitrary, type StepRecord, type Trace, type Write } from '../../support/scenario.js';

/**
 * Model-based properties of the session engine. Each run is a random scenario (support/scenario.ts):
 * what a person does, time passing (ticks, slow minutes, a tab asleep for a day), and what the
 * device does (honest reports, made-up reports, disconnects, failures, temperatures). The rules
 * are checked on the effect stream and on the encoded bytes; the firmware ones on a real firmware.
 */

/**
 * Every shipped preset gives heat as long as the session, so heat never reaches its own limit
 * first. Two presets get a shorter heat time here, so the rules about heat switching off at its
 * own limit (and never coming back) are exercised too; the other three stay as shipped.
 */
vi.mock(import('../../../../src/core/safety/presets.js'), async (importOriginal) => {
  const original = await importOriginal();
  const shorterHeat: Readonly<Record<string, number>> = { everyday: 4 * 60_000, warmth: 6 * 60_000 };
  const PRESETS = original.PRESETS.map((preset) => {
    const heatMs = shorterHeat[preset.id];
    return heatMs === undefined ? preset : { ...preset, heatMs: { value: heatMs, judgment: 'test: heat ends before the session' } };
  });
  return { ...original, PRESETS, presetById: (id: PresetId) => PRESETS.find((p) => p.id === id) ?? original.presetById(id) };
});

/** Runs per property. Engine-only scenarios are cheap; scenarios through the firmware step its physics. */
const ENGINE_RUNS = 2000;
const FIRMWARE_RUNS = 400;

const HEAT_CELSIUS = [36, 38, 40]; // the built-in open massager's heat steps
const DEVICE_STEPS = { vibration: 10, kneading: 3 };

type Decoded =
  | { kind: 'stop' }
  | { kind: 'vibration' | 'heat'; level: number }
  | { kind: 'kneading'; level: number; direction: number }
  | { kind: 'limits'; maxVibration: number; maxKneading: number; maxHeatC: number; sessionSeconds: number; heatSeconds: number };

/** Reads a write back from its bytes, independently of the codec, so the check is on the wire. */
function decodeWrite(write: Write): Decoded {
  const b = [...fromHex(write.hex)];
  if (write.endpoint === 'limits') {
    expect(b).toHaveLength(8);
    return {
      kind: 'limits',
      maxVibration: b[1]!,
      maxKneading: b[2]!,
      maxHeatC: b[3]!,
      sessionSeconds: b[4]! | (b[5]! << 8),
      heatSeconds: b[6]! | (b[7]! << 8),
    };
  }
  switch (b[0]) {
    case 0x00:
      return { kind: 'stop' };
    case 0x01:
      return { kind: 'vibration', level: b[1]! };
    case 0x02:
      return { kind: 'kneading', level: b[1]!, direction: b[2]! };
    case 0x03:
      return { kind: 'heat', level: b[1]! };
    default:
      throw new Error(`unknown frame ${write.hex}`);
  }
}

function turnsOn(decoded: Decoded): boolean {
  return (decoded.kind === 'vibration' || decoded.kind === 'kneading' || decoded.kind === 'heat') && decoded.level > 0;
}

const noticesOf = (record: StepRecord): Notice[] => record.effects.flatMap((e) => (e.kind === 'notice' ? [e.notice] : []));
const hasNotice = (record: StepRecord, kind: Notice['kind']) => noticesOf(record).some((n) => n.kind === kind);

/**
 * What the preset table and the screening answers allow, worked out here from the data without
 * resolve.ts or screening.ts, so a mistake there cannot hide itself.
 */
function allowedBy(presetId: PresetId, yes: readonly ScreeningQuestionId[]) {
  const preset = presetById(presetId);
  const clinicianFirst = yes.some((id) => ['pacemaker', 'pregnancy', 'blood-thinners', 'bones', 'cancer'].includes(id));
  const numbSkin = yes.includes('reduced-sensation');
  const noHeat = clinicianFirst || numbSkin || yes.includes('recent-injury');
  const careful = clinicianFirst || numbSkin;
  const maxHeatC = noHeat ? 0 : Math.min(preset.maxHeatC.value, GLOBAL_CAPS.heatTargetC.value, 40);
  const sessionSeconds = Math.min(preset.sessionMs.value, 20 * 60_000) / 1000;
  return {
    maxVibration: Math.floor(Math.min(preset.maxVibration.value, careful ? 0.3 : 1) * DEVICE_STEPS.vibration + 1e-9),
    maxKneading: careful ? 0 : Math.floor(preset.maxKneading.value * DEVICE_STEPS.kneading + 1e-9),
    maxHeatC,
    noHeat,
    sessionSeconds,
    heatSeconds: maxHeatC === 0 ? 0 : Math.min(preset.heatMs.value / 1000, 1200, sessionSeconds),
  };
}

function yesAnswers(state: MachineState): ScreeningQuestionId[] {
  const answers = state.screening?.answers;
  return answers ? SCREENING_QUESTIONS.map((q) => q.id).filter((id) => answers[id]) : [];
}

interface SessionModel {
  readonly session: Session;
  readonly startedAt: number;
  readonly allowed: ReturnType<typeof allowedBy>;
  pausedSince: number | null;
  pausedTotal: number;
  /** Time with heat on, summed from the commands that went out (the ground truth, not the engine's own count). */
  heatOnMs: number;
}

/**
 * Walks a trace keeping an independent account of each session: when it started, how long it was
 * paused, how long heat was on. `visit` sees each step with the account as it stood before the
 * step's writes; the account is then brought up to date.
 */
function walk(
  trace: Trace,
  visit: (record: StepRecord, model: SessionModel | null, writes: { write: Write; decoded: Decoded }[]) => void,
): void {
  let model: SessionModel | null = null;
  let heatSent = 0;
  let lastAt = 0;
  for (const record of trace.steps) {
    const at = record.event.at;
    if (model && heatSent > 0) model.heatOnMs += at - lastAt;
    lastAt = at;
    if (hasNotice(record, 'started') && record.after.session) {
      const session = record.after.session;
      model = {
        session,
        startedAt: at,
        allowed: allowedBy(session.presetId, yesAnswers(record.before)),
        pausedSince: null,
        pausedTotal: 0,
        heatOnMs: 0,
      };
    }
    if (model && hasNotice(record, 'resumed') && model.pausedSince !== null) {
      model.pausedTotal += at - model.pausedSince;
      model.pausedSince = null;
    }
    const writes = record.writes.map((write) => ({ write, decoded: decodeWrite(write) }));
    visit(record, model, writes);
    for (const { decoded } of writes) {
      if (decoded.kind === 'stop') heatSent = 0;
      if (decoded.kind === 'heat') heatSent = decoded.level;
    }
    if (model && (hasNotice(record, 'paused') || hasNotice(record, 'checkin-missed'))) model.pausedSince = at;
    const end = record.after.session?.id === model?.session.id ? record.after.session?.end : null;
    if (model && end && model.pausedSince !== null) {
      model.pausedTotal += end.at - model.pausedSince;
      model.pausedSince = null;
    }
  }
}

function capsOf(record: StepRecord): SessionCaps | null {
  return (record.after.session ?? record.before.session)?.caps ?? null;
}

function checkWithinCaps(trace: Trace): void {
  walk(trace, (record, model, writes) => {
    for (const { decoded } of writes) {
      if (!turnsOn(decoded) && decoded.kind !== 'limits') continue;
      const caps = capsOf(record);
      if (!caps || !model) return failAt(record, `${decoded.kind} went out with no session`);
      const allowed = model.allowed;
      switch (decoded.kind) {
        case 'vibration':
          if (decoded.level > caps.maxVibration || decoded.level > allowed.maxVibration)
            failAt(record, `vibration ${decoded.level} over the cap`);
          break;
        case 'kneading':
          if (decoded.level > caps.maxKneading || decoded.level > allowed.maxKneading)
            failAt(record, `kneading ${decoded.level} over the cap`);
          break;
        case 'heat': {
          const celsius = HEAT_CELSIUS[decoded.level - 1] ?? Infinity;
          if (decoded.level > caps.maxHeat || celsius > caps.maxHeatC || celsius > allowed.maxHeatC || celsius > 40) {
            failAt(record, `heat level ${decoded.level} (${celsius} °C) over the cap`);
          }
          break;
        }
        case 'limits':
          if (
            decoded.maxVibration > allowed.maxVibration ||
            decoded.maxKneading > allowed.maxKneading ||
            decoded.maxHeatC > allowed.maxHeatC ||
            decoded.maxHeatC > 40 ||
            decoded.sessionSeconds > 1200 ||
            decoded.sessionSeconds > allowed.sessionSeconds ||
            decoded.heatSeconds > allowed.heatSeconds ||
            decoded.heatSeconds > decoded.sessionSeconds
          ) {
            failAt(record, `limits over the caps: ${JSON.stringify(decoded)} allowed ${JSON.stringify(allowed)}`);
          }
          break;
        default:
          break;
      }
    }
  });
}

function checkHeat(trace: Trace): void {
  walk(trace, (record, model, writes) => {
    for (const { decoded } of writes) {
      if (!model) continue;
      if (decoded.kind === 'heat' && decoded.level > 0) {
        if (model.allowed.noHeat) failAt(record, 'heat sent under a no-heat screening');
        if (model.heatOnMs >= model.session.caps.heatMs)
          failAt(record, `heat sent on after ${model.heatOnMs} ms of heat (limit ${model.session.caps.heatMs})`);
      }
      if (decoded.kind === 'limits') {
        if (model.allowed.noHeat && (decoded.maxHeatC !== 0 || decoded.heatSeconds !== 0))
          failAt(record, 'heat allowed to a no-heat session');
        // Heat commanded on can overrun its limit until the next event reaches the engine; the
        // device enforces the heat time it was given, which must never exceed what is left.
        const heatLeft = Math.max(0, model.session.caps.heatMs - model.heatOnMs);
        if (decoded.heatSeconds * 1000 > heatLeft)
          failAt(record, `the device was given ${decoded.heatSeconds} s of heat with ${heatLeft} ms left`);
      }
    }
  });
  // Heat still on at a tick means the engine let it run on past its limit.
  walk(trace, (record, model) => {
    const session = record.after.session;
    if (!model || record.event.type !== 'tick' || !session || session.id !== model.session.id) return;
    if (isActive(session) && session.sent.heat > 0 && model.heatOnMs >= session.caps.heatMs)
      failAt(record, 'heat still on past its limit at a tick');
  });
}

/**
 * "After any stop, nothing restarts until a deliberate start", precisely: read every encoded write
 * in order. The stream counts as stopped from the beginning and after every stop frame (00).
 * While stopped, a vibration, kneading or heat frame with a level above 0 breaks the rule. Only
 * the writes of a step whose event is a start that answered "started", or a resume (of a session
 * the person paused) that answered "resumed", may turn outputs on again. Turning an output down
 * to 0, re-sending the stop, or the limits frame of that start are always allowed.
 */
function checkNothingRestartsAfterStop(trace: Trace): void {
  let stopped = true;
  walk(trace, (record, _model, writes) => {
    const deliberate =
      (record.event.type === 'start' && hasNotice(record, 'started')) || (record.event.type === 'resume' && hasNotice(record, 'resumed'));
    if (deliberate) stopped = false;
    for (const { decoded } of writes) {
      if (decoded.kind === 'stop') stopped = true;
      else if (stopped && turnsOn(decoded)) failAt(record, `${decoded.kind} went on after a stop without a new start or resume`);
    }
  });
}

function checkSymptomStopsFirst(trace: Trace): void {
  for (const record of trace.steps) {
    const event = record.event;
    const symptom = event.type === 'symptom' || (event.type === 'checkin' && !['same', 'better'].includes(event.answer));
    if (!symptom) continue;
    const firstSend = record.effects.find((e) => e.kind === 'send');
    if (firstSend?.kind !== 'send' || firstSend.command.kind !== 'stop') failAt(record, 'a symptom report did not send the stop first');
    if (record.writes[0]?.hex !== '00') failAt(record, 'the first bytes after a symptom report were not the stop frame');
    if (record.writes.some((w) => turnsOn(decodeWrite(w)))) failAt(record, 'an output went on in the same step as a symptom stop');
    expect(record.after.triagePending).toBe(true);
  }
}

function checkSessionLimit(trace: Trace): void {
  walk(trace, (record, model, writes) => {
    const session = record.after.session;
    if (!model || !session || session.id !== model.session.id) return;
    const limit = session.caps.sessionMs;
    expect(session.caps.sessionMs).toBeLessThanOrEqual(GLOBAL_CAPS.sessionMs.value);
    if (session.activeMs > limit) failAt(record, `accounted ${session.activeMs} ms of a ${limit} ms session`);
    if (session.heatMs > session.caps.heatMs) failAt(record, `accounted ${session.heatMs} ms of heat, limit ${session.caps.heatMs}`);
    const elapsed =
      record.event.at - model.startedAt - model.pausedTotal - (model.pausedSince === null ? 0 : record.event.at - model.pausedSince);
    if (writes.some(({ decoded }) => turnsOn(decoded)) && elapsed >= limit)
      failAt(record, `an output went on ${elapsed} ms into a ${limit} ms session`);
    for (const { decoded } of writes) {
      // The device's own deadline must fall within the time the session has left (rounded up to a whole second).
      if (decoded.kind === 'limits' && decoded.sessionSeconds * 1000 > Math.max(1000, limit - elapsed + 999)) {
        failAt(record, `the device was given ${decoded.sessionSeconds} s with ${limit - elapsed} ms of the session left`);
      }
    }
    if (record.event.type === 'tick' && isActive(session) && elapsed >= limit)
      failAt(record, `still running ${elapsed} ms into a ${limit} ms session`);
    if (
      session.end &&
      session.end.at > model.startedAt + limit + model.pausedTotal + (model.pausedSince === null ? 0 : session.end.at - model.pausedSince)
    ) {
      failAt(record, `ended at ${session.end.at}, after start ${model.startedAt} + ${limit} + pauses ${model.pausedTotal}`);
    }
  });
}

function checkFirmware(trace: Trace): void {
  let previous = trace.firmware[0]?.snapshot ?? null;
  for (const { snapshot: s, raisedBy, cause } of trace.firmware) {
    const on = s.vibration > 0 || s.kneading > 0 || s.heat > 0;
    const where = `firmware at ${s.now} ms after ${cause}: ${JSON.stringify(s)}`;
    if (on && (!s.armed || s.deadlineAt === null || s.now >= s.deadlineAt))
      expect.fail(`outputs on outside a session or past its deadline, ${where}`);
    if (s.heat > 0 && (s.heatDeadlineAt === null || s.now >= s.heatDeadlineAt)) expect.fail(`heat on past its deadline, ${where}`);
    if (s.deadlineAt !== null && s.deadlineAt - s.now > FIRMWARE.maxSessionSeconds * 1000)
      expect.fail(`a deadline more than 20 min away, ${where}`);
    if (s.limits) {
      if (s.vibration > s.limits.maxVibration || s.kneading > s.limits.maxKneading)
        expect.fail(`a level above the device's own limits, ${where}`);
      if (s.heat > 0 && (HEAT_CELSIUS[s.heat - 1] ?? Infinity) > s.limits.maxHeatC) expect.fail(`heat above the session's °C, ${where}`);
    }
    if (s.heaterEnergized && s.heat === 0 && !trace.runawayInjected) expect.fail(`the element is powered with heat off, ${where}`);
    if (previous) {
      for (const output of ['vibration', 'kneading', 'heat'] as const) {
        if (s[output] > previous[output] && !raisedBy.has(output)) expect.fail(`${output} went up by itself, ${where}`);
      }
    }
    previous = s;
  }
}

/** Firmware heat under a no-heat screening: from the step that starts such a session until it ends. */
function checkFirmwareNeverHeatsWithoutHeat(trace: Trace): void {
  let limitsSeen = 0;
  const noHeatLimits = new Set<number>();
  walk(trace, (_record, model, writes) => {
    for (const { write, decoded } of writes) {
      if (decoded.kind !== 'limits' || write.code !== 0) continue;
      if (model?.allowed.noHeat) noHeatLimits.add(limitsSeen);
      limitsSeen++;
    }
  });
  let armedBy = -1;
  for (const { snapshot, acceptedLimits } of trace.firmware) {
    armedBy += acceptedLimits.length;
    if (noHeatLimits.has(armedBy) && snapshot.armed && (snapshot.heat > 0 || (snapshot.heaterEnergized && !trace.runawayInjected))) {
      expect.fail(`the firmware heats in a no-heat session: ${JSON.stringify(snapshot)}`);
    }
  }
}

const engineScenarios = scenarioArbitrary();
const firmwareScenarios = scenarioArbitrary({ firmware: true });

describe('session engine properties', () => {
  it(`no encoded command ever exceeds the active caps (vibration, kneading, heat level and °C, session ≤ 1200 s, heat time) [${ENGINE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(engineScenarios, (scenario) => checkWithinCaps(runScenario(scenario))),
      { numRuns: ENGINE_RUNS },
    );
  });

  it(`heat is never sent on past its limit, nor at all under a no-heat screening [${ENGINE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(engineScenarios, (scenario) => checkHeat(runScenario(scenario))),
      { numRuns: ENGINE_RUNS },
    );
  });

  it(`after any stop, no output goes above zero until the person starts a session or resumes a paused one [${ENGINE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(engineScenarios, (scenario) => checkNothingRestartsAfterStop(runScenario(scenario))),
      { numRuns: ENGINE_RUNS },
    );
  });

  it(`after a symptom report (button or worsening check-in) the very next thing sent is the stop [${ENGINE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(engineScenarios, (scenario) => checkSymptomStopsFirst(runScenario(scenario))),
      { numRuns: ENGINE_RUNS },
    );
  });

  it(`a session never outlives its limit: accounted time within it, the end no later than start + limit + pauses [${ENGINE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(engineScenarios, (scenario) => checkSessionLimit(runScenario(scenario))),
      { numRuns: ENGINE_RUNS },
    );
  });
});

describe('session engine driving the simulated firmware', () => {
  it(`the firmware fed the engine's commands never runs past its deadline, above its limits, or turns anything on by itself [${FIRMWARE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(firmwareScenarios, (scenario) => {
        const trace = runScenario(scenario, { firmware: true });
        checkFirmware(trace);
        checkWithinCaps(trace);
        checkNothingRestartsAfterStop(trace);
      }),
      { numRuns: FIRMWARE_RUNS },
    );
  });

  it(`the firmware never heats in a session under a no-heat screening, nor past the heat time it was given [${FIRMWARE_RUNS} runs]`, () => {
    fc.assert(
      fc.property(firmwareScenarios, (scenario) => {
        const trace = runScenario(scenario, { firmware: true });
        checkFirmwareNeverHeatsWithoutHeat(trace);
        checkHeat(trace);
        checkSessionLimit(trace);
      }),
      { numRuns: FIRMWARE_RUNS },
    );
  });
});
