import { expect } from 'vitest';
import fc from 'fast-check';
import { toHex, type Bytes } from '../../../src/core/bytes.js';
import type { KneadingDirection } from '../../../src/core/commands.js';
import { NO_FAULTS, type DeviceReport, type DeviceStopCause } from '../../../src/core/device-report.js';
import { BUILT_IN_PROFILES } from '../../../src/core/profile/builtin.js';
import { createCodec } from '../../../src/core/protocol/codec.js';
import { OPEN_MASSAGER } from '../../../src/core/protocol/open-massager.js';
import { decodeTemperatureMeasurement } from '../../../src/core/protocol/standard.js';
import { SIG } from '../../../src/core/profile/uuid.js';
import { PRESETS, type PresetId } from '../../../src/core/safety/presets.js';
import { SCREENING_QUESTIONS, type ScreeningQuestionId } from '../../../src/core/safety/screening.js';
import { RED_FLAG_QUESTIONS, type RedFlagId } from '../../../src/core/safety/triage.js';
import { initialState, step } from '../../../src/core/session/machine.js';
import type { CheckinAnswer, Effect, MachineState, SessionEvent } from '../../../src/core/session/types.js';
import { OpenMassagerFirmware, type FirmwareFault, type FirmwareSnapshot } from '../../../src/sim/open-massager-firmware.js';
import { HOUR, MINUTE, OPEN_MASSAGER_DEVICE, screeningWith } from './session.js';

/**
 * Model-based scenarios for the session engine: random sequences of what a person does, of time
 * passing (including a tab asleep for minutes or a day), and of what a device does (honest reports
 * from a real simulated firmware, made-up reports, link loss, failures, thermometer readings).
 * Every command the engine emits goes through the real codec into a real OpenMassagerFirmware,
 * so properties can be checked on the effect stream, on the bytes, and on the firmware itself.
 */

export type Action =
  | { readonly kind: 'screening'; readonly yes: readonly ScreeningQuestionId[] }
  | { readonly kind: 'select-preset'; readonly presetId: PresetId }
  | { readonly kind: 'start' }
  | { readonly kind: 'set-vibration'; readonly level: number }
  | { readonly kind: 'set-kneading'; readonly speed: number; readonly direction: KneadingDirection }
  | { readonly kind: 'set-heat'; readonly level: number }
  /** A pause, and when the person comes back to resume it (null: they do not, by this action). */
  | { readonly kind: 'pause'; readonly resumeAfter: number | null }
  | { readonly kind: 'resume' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'symptom' }
  | { readonly kind: 'checkin'; readonly answer: CheckinAnswer }
  | { readonly kind: 'triage'; readonly yes: readonly RedFlagId[] }
  | { readonly kind: 'tick' }
  | { readonly kind: 'firmware-report' }
  | { readonly kind: 'thermometer' }
  | { readonly kind: 'made-up-report'; readonly report: DeviceReport }
  | { readonly kind: 'temperature'; readonly celsius: number | null }
  | { readonly kind: 'device-stopped'; readonly cause: DeviceStopCause }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'link-failure' }
  | { readonly kind: 'firmware-fault'; readonly fault: FirmwareFault };

export interface TimedAction {
  /** Time since the previous action. */
  readonly dt: number;
  readonly action: Action;
}

export interface Write {
  readonly endpoint: 'control' | 'limits';
  readonly hex: string;
  /** The device's ATT answer, or null when the link was down and the write went nowhere. */
  readonly code: number | null;
}

export interface StepRecord {
  readonly event: SessionEvent;
  readonly before: MachineState;
  readonly after: MachineState;
  readonly effects: readonly Effect[];
  /** The bytes the effects became, in order, and what the device answered. */
  readonly writes: readonly Write[];
}

export type Output = 'vibration' | 'kneading' | 'heat';

/** The firmware as seen after each thing that could change it, in order. */
export interface FirmwareEntry {
  readonly snapshot: FirmwareSnapshot;
  /** Outputs an accepted write turned up since the previous entry (empty for time or a fault). */
  readonly raisedBy: ReadonlySet<Output>;
  /** Limits frames the firmware accepted since the previous entry. */
  readonly acceptedLimits: readonly string[];
  readonly cause: 'time' | 'step' | 'fault' | 'link';
}

export interface Trace {
  readonly steps: readonly StepRecord[];
  /** Empty unless the scenario ran with the firmware. */
  readonly firmware: readonly FirmwareEntry[];
  /** The runaway fault makes the heater element heat whatever it was told (a hardware failure). */
  readonly runawayInjected: boolean;
}

const profile = BUILT_IN_PROFILES.find((p) => p.id === 'open-massager')!;
const codec = createCodec(profile);
const PRESET_IDS = PRESETS.map((p) => p.id);
const SCREENING_IDS = SCREENING_QUESTIONS.map((q) => q.id);
const RED_FLAG_IDS = RED_FLAG_QUESTIONS.map((q) => q.id);
const STOP_CAUSES: DeviceStopCause[] = [
  'stop-command',
  'link-loss',
  'deadline',
  'over-temperature',
  'sensor-fault',
  'low-battery',
  'new-session',
  'unknown',
];

/** Mostly the app's own tick rhythm, sometimes a slow minute, sometimes a tab asleep for minutes or a day. */
const dt = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 3_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 3_000, max: MINUTE }) },
  { weight: 1, arbitrary: fc.constantFrom(5 * MINUTE, 10 * MINUTE, 16 * MINUTE, 3 * HOUR, 13 * HOUR, 25 * HOUR) },
);

const level = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 2.7, 5.5, 255, 256, Number.NaN, Number.POSITIVE_INFINITY) },
);

const madeUpReport: fc.Arbitrary<DeviceReport> = fc.record({
  vibration: fc.integer({ min: 0, max: 12 }),
  kneading: fc.integer({ min: 0, max: 4 }),
  direction: fc.constantFrom<KneadingDirection>('clockwise', 'counterclockwise'),
  heat: fc.integer({ min: 0, max: 4 }),
  heaterC: fc.oneof(
    fc.constant(null),
    fc.integer({ min: 200, max: 450 }).map((d) => d / 10),
  ),
  sessionArmed: fc.constantFrom(true, false, null),
  sessionSecondsLeft: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1200 })),
  heatSecondsLeft: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1200 })),
  faults: fc.record({
    overTemperature: fc.constantFrom(false, false, false, false, false, false, true),
    sensorFault: fc.constantFrom(false, false, false, false, false, false, true),
    lowBattery: fc.constantFrom(false, false, false, false, false, false, true),
  }),
  lastStop: fc.constantFrom<DeviceStopCause>('none', ...STOP_CAUSES),
  lastRejection: fc.constant(null),
  sequence: fc.constant(null),
});

const firmwareFault: fc.Arbitrary<FirmwareFault> = fc.oneof(
  fc.integer({ min: 350, max: 450 }).map((d) => ({ kind: 'heater-temperature' as const, celsius: d / 10 })),
  fc.constant({ kind: 'heater-runaway' as const }),
  fc.integer({ min: 0, max: 100 }).map((percent) => ({ kind: 'battery' as const, percent })),
);

export interface ScenarioOptions {
  /**
   * Send every command into a real OpenMassagerFirmware and take the device's reports from it,
   * with faults that make its heater or battery misbehave. Without it, a perfectly obedient device
   * model answers instead: much faster, for the properties that only look at the effect stream.
   */
  readonly firmware?: boolean;
}

export function actionArbitrary(options: ScenarioOptions = {}): fc.Arbitrary<Action> {
  const weighted: { weight: number; arbitrary: fc.Arbitrary<Action> }[] = [
    { weight: 1, arbitrary: fc.subarray(SCREENING_IDS, { maxLength: 3 }).map((yes) => ({ kind: 'screening' as const, yes })) },
    { weight: 1, arbitrary: fc.constantFrom(...PRESET_IDS).map((presetId) => ({ kind: 'select-preset' as const, presetId })) },
    { weight: 4, arbitrary: fc.constant({ kind: 'start' as const }) },
    { weight: 4, arbitrary: level.map((l) => ({ kind: 'set-vibration' as const, level: l })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(level, fc.constantFrom<KneadingDirection>('clockwise', 'counterclockwise'))
        .map(([speed, direction]) => ({ kind: 'set-kneading' as const, speed, direction })),
    },
    { weight: 3, arbitrary: level.map((l) => ({ kind: 'set-heat' as const, level: l })) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(fc.constant(null), fc.integer({ min: 0, max: 3 * MINUTE }), fc.integer({ min: 9 * MINUTE, max: 11 * MINUTE }))
        .map((resumeAfter) => ({ kind: 'pause' as const, resumeAfter })),
    },
    { weight: 2, arbitrary: fc.constant({ kind: 'resume' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'stop' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'symptom' as const }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<CheckinAnswer>('same', 'better', 'same', 'better', 'more-pain', 'numbness', 'weakness')
        .map((answer) => ({ kind: 'checkin' as const, answer })),
    },
    { weight: 1, arbitrary: fc.subarray(RED_FLAG_IDS, { maxLength: 2 }).map((yes) => ({ kind: 'triage' as const, yes })) },
    { weight: 10, arbitrary: fc.constant({ kind: 'tick' as const }) },
    { weight: 4, arbitrary: fc.constant({ kind: 'firmware-report' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'thermometer' as const }) },
    { weight: 1, arbitrary: madeUpReport.map((report) => ({ kind: 'made-up-report' as const, report })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constant(null),
          fc.integer({ min: 300, max: 430 }).map((d) => d / 10),
        )
        .map((celsius) => ({ kind: 'temperature' as const, celsius })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...STOP_CAUSES).map((cause) => ({ kind: 'device-stopped' as const, cause })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'link-failure' as const }) },
  ];
  if (options.firmware) weighted.push({ weight: 1, arbitrary: firmwareFault.map((fault) => ({ kind: 'firmware-fault' as const, fault })) });
  return fc.oneof(...weighted);
}

export function scenarioArbitrary(options: ScenarioOptions = {}): fc.Arbitrary<{ opening: Action[]; actions: TimedAction[] }> {
  const opening = fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(SCREENING_IDS, { maxLength: 2 }) }),
      fc.constantFrom(...PRESET_IDS),
    )
    .map(([yes, presetId]): Action[] => [{ kind: 'screening', yes }, { kind: 'select-preset', presetId }, { kind: 'start' }]);
  const timed = fc.record({ dt, action: actionArbitrary(options) });
  return fc.record({ opening, actions: fc.array(timed, { minLength: 1, maxLength: 60 }) });
}

interface Device {
  readonly linkUp: boolean;
  /** Time passes for the device. */
  advance(gap: number): void;
  write(endpoint: 'control' | 'limits', bytes: Bytes): number;
  /** What the device says when asked for its state, as the app would decode it. */
  report(): DeviceReport | null;
  /** What its thermometer service says, or undefined when it has none. */
  thermometer(): number | null | undefined;
  linkLost(): void;
  reconnect(): void;
  inject(fault: FirmwareFault): void;
  /** Called after each engine step, with the writes it made. */
  stepped(writes: readonly Write[]): void;
}

/**
 * The real simulated firmware. Its clock follows the engine's, except that a long gap while it
 * is idle (disarmed, everything off, element unpowered) advances it by at most 20 minutes: idle,
 * it only cools and drains a little, both settled well within that, and stepping a day of idle
 * physics every run would cost the property tests seconds for nothing.
 */
class FirmwareDevice implements Device {
  readonly fw = new OpenMassagerFirmware({ now: 0 });
  readonly log: FirmwareEntry[] = [];
  linkUp = true;
  private _now = 0;
  private _raised = new Set<Output>();
  private _limits: string[] = [];

  constructor() {
    this.fw.connect(0);
    this.fw.setNotifying(OPEN_MASSAGER.state, true);
  }

  advance(gap: number): void {
    const s = this.fw.snapshot();
    const idle = !s.armed && s.vibration === 0 && s.kneading === 0 && s.heat === 0 && !s.heaterEnergized;
    this._now += idle ? Math.min(gap, 20 * MINUTE) : gap;
    this.fw.tick(this._now);
    this._note('time');
  }

  write(endpoint: 'control' | 'limits', bytes: Bytes): number {
    const before = this.fw.snapshot();
    const code = this.fw.write(endpoint === 'limits' ? OPEN_MASSAGER.limits : OPEN_MASSAGER.control, bytes, this._now);
    const after = this.fw.snapshot();
    if (code === 0) {
      for (const output of ['vibration', 'kneading', 'heat'] as const) if (after[output] > before[output]) this._raised.add(output);
      if (endpoint === 'limits') this._limits.push(toHex(bytes));
    }
    return code;
  }

  report(): DeviceReport | null {
    const read = this.fw.read(OPEN_MASSAGER.state, this._now);
    if (!('value' in read)) return null;
    const [outcome] = codec.createStateDecoder().push(read.value);
    return outcome?.ok && outcome.value.kind === 'report' ? outcome.value.report : null;
  }

  thermometer(): number | null | undefined {
    const read = this.fw.read(SIG.temperatureMeasurement, this._now);
    const decoded = 'value' in read ? decodeTemperatureMeasurement(read.value) : null;
    return decoded?.ok ? decoded.value.celsius : undefined;
  }

  linkLost(): void {
    this.linkUp = false;
    this.fw.linkLost(this._now);
    this._note('link');
  }

  reconnect(): void {
    this.linkUp = true;
    this.fw.connect(this._now);
    this.fw.setNotifying(OPEN_MASSAGER.state, true);
    this._note('link');
  }

  inject(fault: FirmwareFault): void {
    this.fw.inject(fault);
    this._note('fault');
  }

  stepped(): void {
    this._note('step');
  }

  private _note(cause: FirmwareEntry['cause']): void {
    this.log.push({ snapshot: this.fw.snapshot(), raisedBy: this._raised, acceptedLimits: this._limits, cause });
    this._raised = new Set();
    this._limits = [];
  }
}

/** A device that does exactly what it is told and says so: for effect-stream properties. */
class ObedientDevice implements Device {
  linkUp = true;
  private _armed = false;
  private _levels = { vibration: 0, kneading: 0, direction: 'clockwise' as KneadingDirection, heat: 0 };

  advance(): void {
    // Nothing here depends on time.
  }

  write(endpoint: 'control' | 'limits', bytes: Bytes): number {
    const [op = -1, a = 0, b = 0] = bytes;
    if (endpoint === 'limits') {
      this._armed = true;
      this._levels = { ...this._levels, vibration: 0, kneading: 0, heat: 0 };
    } else if (op === 0) {
      this._armed = false;
      this._levels = { ...this._levels, vibration: 0, kneading: 0, heat: 0 };
    } else if (op === 1) this._levels.vibration = a;
    else if (op === 2) this._levels = { ...this._levels, kneading: a, direction: b === 1 ? 'counterclockwise' : 'clockwise' };
    else if (op === 3) this._levels.heat = a;
    return 0;
  }

  report(): DeviceReport {
    return {
      ...this._levels,
      heaterC: this._levels.heat > 0 ? 37 : 31,
      sessionArmed: this._armed,
      sessionSecondsLeft: null,
      heatSecondsLeft: null,
      faults: NO_FAULTS,
      lastStop: 'none',
      lastRejection: null,
      sequence: null,
    };
  }

  thermometer(): undefined {
    return undefined;
  }

  linkLost(): void {
    this.linkUp = false;
    this._armed = false;
    this._levels = { ...this._levels, vibration: 0, kneading: 0, heat: 0 };
  }

  reconnect(): void {
    this.linkUp = true;
  }

  inject(): void {
    // An obedient device has no faults.
  }

  stepped(): void {
    // Nothing to record.
  }
}

/** Runs a scenario through the engine, the real codec and a device, recording every step. */
export function runScenario(
  scenario: { opening: readonly Action[]; actions: readonly TimedAction[] },
  options: ScenarioOptions = {},
): Trace {
  const firmwareDevice = options.firmware ? new FirmwareDevice() : null;
  const device: Device = firmwareDevice ?? new ObedientDevice();
  const steps: StepRecord[] = [];
  let state = initialState('gentle', 0);
  let now = 0;
  let runawayInjected = false;

  const apply = (input: DistributiveOmit<SessionEvent, 'at'>) => {
    const event = { ...input, at: now } as SessionEvent;
    const before = state;
    const { state: after, effects } = step(before, event);
    state = after;
    const writes: Write[] = [];
    let dropLink = false;
    let rejected = false;
    for (const effect of effects) {
      if (effect.kind === 'drop-link') dropLink = true;
      if (effect.kind !== 'send') continue;
      const encoded = codec.encode(effect.command);
      if (!encoded.ok) throw new Error(`a vetted command did not encode: ${encoded.error.message}`);
      for (const write of encoded.value) {
        const code = device.linkUp ? device.write(write.endpoint, write.bytes) : null;
        if (code !== null && code !== 0) rejected = true;
        writes.push({ endpoint: write.endpoint, hex: toHex(write.bytes), code });
      }
    }
    steps.push({ event, before, after, effects, writes });
    device.stepped(writes);
    // What the app does next: a refused write ends the session (after its one retry), and a
    // dropped link is noticed as a disconnect.
    if (rejected) apply({ type: 'link-failure', message: 'The massager refused a command.' });
    if (dropLink && device.linkUp) {
      device.linkLost();
      apply({ type: 'disconnected' });
    }
  };

  const wait = (gap: number) => {
    now += gap;
    device.advance(gap);
  };

  const perform = (action: Action) => {
    switch (action.kind) {
      case 'screening':
        return apply({ type: 'screening', screening: screeningWith(action.yes, now) });
      case 'select-preset':
        return apply({ type: 'select-preset', presetId: action.presetId });
      case 'start':
        return apply({ type: 'start', sessionId: `s${steps.length}` });
      case 'set-vibration':
        return apply({ type: 'set', request: { kind: 'vibration', level: action.level } });
      case 'set-kneading':
        return apply({ type: 'set', request: { kind: 'kneading', speed: action.speed, direction: action.direction } });
      case 'set-heat':
        return apply({ type: 'set', request: { kind: 'heat', level: action.level } });
      case 'pause':
        apply({ type: 'pause' });
        if (action.resumeAfter === null) return;
        wait(action.resumeAfter);
        return apply({ type: 'resume' });
      case 'resume':
      case 'stop':
      case 'tick':
        return apply({ type: action.kind });
      case 'symptom':
        return apply({ type: 'symptom', kind: 'button' });
      case 'checkin':
        return apply({ type: 'checkin', answer: action.answer });
      case 'triage':
        return apply({ type: 'triage', answers: Object.fromEntries(action.yes.map((id) => [id, true])) });
      case 'firmware-report': {
        const report = device.linkUp ? device.report() : null;
        if (report) apply({ type: 'report', report });
        return;
      }
      case 'thermometer': {
        const celsius = device.linkUp ? device.thermometer() : undefined;
        if (celsius !== undefined) apply({ type: 'temperature', celsius });
        return;
      }
      case 'made-up-report':
        return apply({ type: 'report', report: action.report });
      case 'temperature':
        return apply({ type: 'temperature', celsius: action.celsius });
      case 'device-stopped':
        return apply({ type: 'device-stopped', cause: action.cause });
      case 'disconnect':
        if (!device.linkUp) return;
        device.linkLost();
        return apply({ type: 'disconnected' });
      case 'reconnect':
        // While the link is up this is a "connected" the app saw without the drop before it
        // (a reconnect faster than the disconnect was noticed): it must not resume anything either.
        device.reconnect();
        return apply({ type: 'connected', device: OPEN_MASSAGER_DEVICE });
      case 'link-failure':
        return apply({ type: 'link-failure', message: 'A command did not reach the massager.' });
      case 'firmware-fault':
        if (action.fault.kind === 'heater-runaway') runawayInjected = true;
        device.inject(action.fault);
        return;
    }
  };

  apply({ type: 'connected', device: OPEN_MASSAGER_DEVICE });
  for (const action of scenario.opening) perform(action);
  for (const { dt: gap, action } of scenario.actions) {
    wait(gap);
    perform(action);
  }
  // Let the scenario run out: one more tick after the longest session could have ended.
  wait(21 * MINUTE);
  perform({ kind: 'tick' });
  return { steps, firmware: firmwareDevice?.log ?? [], runawayInjected };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Fails with the step that broke a rule, so a shrunk counterexample is readable. */
export function failAt(record: StepRecord, rule: string): never {
  expect.fail(`${rule}\n at ${record.event.at} ms, event ${JSON.stringify(record.event)}\n effects ${JSON.stringify(record.effects)}`);
}
