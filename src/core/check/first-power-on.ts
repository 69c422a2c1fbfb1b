import { anyOutputOn, type VettedCommand } from '../commands.js';
import type { DeviceRejection, DeviceReport, DeviceStopCause } from '../device-report.js';
import type { Capabilities } from '../profile/types.js';
import type { DeviceInstruction } from '../protocol/messages.js';
import { GLOBAL_CAPS } from '../safety/caps.js';
import { judged } from '../safety/sources.js';
import { vet, vetKeepalive, vetLimits, vetStop, type OutputRequest, type VetCaps } from '../safety/vet.js';

/**
 * The first-power-on check of a board someone has just built (docs/hardware/README.md), as a pure
 * step machine: events in (the person's presses, the board's lines, the clock), new state and
 * effects out. It never raises an output without the person's press for that step; each output
 * step is armed by a short session with tight limits that the board holds itself, and ends with
 * a stop before its question is asked. Any stop, a lost link, or anything wrong ends the check.
 */

export const CHECK_STEPS = ['identity', 'thermistor', 'vibration', 'kneading', 'kneading-reverse', 'heat', 'button', 'link'] as const;
export type CheckStepId = (typeof CHECK_STEPS)[number];

/** Limits of the check itself, each with its basis. */
export const CHECK_LIMITS = {
  /** How long the board has to answer "?" and a state request. It answers within tens of ms. */
  answerMs: judged(3000, 'a board that says nothing for 3 s is not answering (it replies within a few tens of ms at 9600 baud)'),
  /** A reading outside this range before any heat is not a room: a broken divider or the wrong part. */
  roomC: judged([10, 32] as const, 'room temperature with margin (the guide expects 18–28 °C); 32 °C allows a warm room or bench'),
  vibrationRunMs: judged(3000, 'long enough to hear and feel a motor, short enough to be harmless'),
  kneadingRunMs: judged(2000, 'long enough to see a gear motor turn at its lowest speed'),
  /** Heat only at the lowest setting, and only until the reading has risen this much. */
  heatRiseC: judged(0.5, "the board's own runaway check expects this rise within 120 s (PROTOCOL.md section 6)"),
  heatRunMs: judged(60_000, 'half of the board’s 120 s runaway window: a pad that has not warmed by then is not heating'),
  /**
   * The reading at which the heat step stops and says to unplug the pad: 3 °C above the lowest
   * setpoint, far below the 41 °C cut (IEC 60601-1 applied-part limit, GLOBAL_CAPS.heatHardCutC).
   */
  heatAbortC: judged(37, 'a pad held at 34 °C never gets there; 4 °C below the 41 °C applied-part cut of IEC 60601-1'),
  /** The board's own session deadline for a step: a backstop a little past the app's own end. */
  motorSessionSeconds: judged(10, 'the board ends a motor step by itself if the app does not'),
  heatSessionSeconds: judged(75, 'the board ends the heat step by itself 15 s after the app would'),
  /** A stop sent again, at most this often, while the board still reports an output on after one. */
  stopResendMs: judged(1000, 'as the session engine: once a second until the board reports everything off'),
} as const;

export type StepStatus = 'passed' | 'failed' | 'skipped' | 'explained' | 'stopped';

export interface StepResult {
  readonly status: StepStatus;
  readonly detail: string;
}

export type CheckPhase =
  /** Not begun: the person reads what the check does. */
  | 'intro'
  /** Waiting for the board's CAP and BOOT lines. */
  | 'asking'
  /** Waiting for a state line with the thermistor's reading. */
  | 'reading'
  /** An output step, waiting for the person's press to run it. */
  | 'ready'
  | 'running'
  /** The step's stop is sent: waiting for the board to report everything off. */
  | 'stopping'
  /** The step's outputs are stopped; its question waits for an answer. */
  | 'question'
  /** Waiting for the person to press the board's STOP button. */
  | 'press-button'
  /** The board's button stop was seen: waiting for the person's release press. */
  | 'release'
  | 'releasing'
  /** Link loss, explained: waiting for the person to say they have read it. */
  | 'explain'
  | 'done';

export interface BoardIdentity {
  readonly capabilities: Capabilities;
  readonly sessionSeconds: number;
  readonly resetCause: string;
  readonly version: string;
}

interface Run {
  readonly startedAt: number;
  readonly until: number;
  /** The board reported this step's session armed. */
  readonly armed: boolean;
  /** The board reported this step's output on. */
  readonly on: boolean;
  readonly keepaliveAt: number;
  readonly startC: number | null;
  readonly peakC: number | null;
}

export interface CheckState {
  readonly now: number;
  readonly phase: CheckPhase;
  readonly step: CheckStepId | null;
  /** The connected profile's ranges (already the smaller of profile and board). */
  readonly capabilities: Capabilities | null;
  readonly keepaliveMs: number;
  readonly results: Readonly<Partial<Record<CheckStepId, StepResult>>>;
  readonly ranges: { readonly capabilities: Capabilities; readonly sessionSeconds: number } | null;
  readonly boot: { readonly cause: string; readonly version: string } | null;
  readonly identity: BoardIdentity | null;
  readonly roomC: number | null;
  /** When the current wait (an answer, a reading) began. */
  readonly waitingSince: number;
  readonly run: Run | null;
  /** Every output is meant to be off: a report of one on gets the stop again. */
  readonly stopSentAt: number | null;
  /** A short line for the person about the step in front of them (a release refused, say). */
  readonly note: string | null;
  readonly end: { readonly at: number; readonly outcome: 'finished' | 'failed' | 'stopped'; readonly message: string } | null;
  readonly startedAt: number | null;
}

export type CheckEvent =
  | { readonly type: 'begin'; readonly at: number; readonly capabilities: Capabilities; readonly keepaliveMs: number }
  | { readonly type: 'run'; readonly at: number }
  | { readonly type: 'answer'; readonly at: number; readonly yes: boolean }
  | { readonly type: 'release'; readonly at: number }
  /** The person read the link-loss explanation. */
  | { readonly type: 'understood'; readonly at: number }
  /** The person says the board's button did nothing. */
  | { readonly type: 'button-did-nothing'; readonly at: number }
  /** Any stop of the app's: STOP, Escape, the check's own Stop, a symptom. */
  | { readonly type: 'stop'; readonly at: number }
  | { readonly type: 'disconnected'; readonly at: number }
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'report'; readonly at: number; readonly report: DeviceReport }
  | { readonly type: 'ranges'; readonly at: number; readonly capabilities: Capabilities; readonly sessionSeconds: number }
  | { readonly type: 'booted'; readonly at: number; readonly cause: string; readonly version: string }
  | { readonly type: 'accepted'; readonly at: number }
  | { readonly type: 'rejected'; readonly at: number; readonly rejection: DeviceRejection }
  | { readonly type: 'device-stopped'; readonly at: number; readonly cause: DeviceStopCause }
  | { readonly type: 'instruction'; readonly at: number; readonly instruction: DeviceInstruction };

export type CheckEffect =
  | { readonly kind: 'send'; readonly command: VettedCommand }
  /** Write the family's greeting ("?"): the board answers with CAP and BOOT. */
  | { readonly kind: 'ask-ranges' }
  /** Write the board's latch release ("R"): only ever after the person's press. */
  | { readonly kind: 'release-latches' };

export interface CheckStep {
  readonly state: CheckState;
  readonly effects: readonly CheckEffect[];
}

/** What each step asks of the person, in our own short words. */
export const STEP_TEXT: Readonly<
  Record<
    CheckStepId,
    { readonly title: string; readonly before: string; readonly run?: string; readonly question?: string; readonly ifNo?: string }
  >
> = {
  identity: { title: 'The board answers', before: 'The app asks the board for its ranges, its firmware version and why it last started.' },
  thermistor: {
    title: 'Thermistor',
    before: 'The app reads the pad’s thermistor. Before any heat, it should read about room temperature.',
  },
  vibration: {
    title: 'Vibration motor',
    before: 'The vibration motor runs at its lowest level for 3 seconds, then stops. Keep the board off your body.',
    run: 'Run the vibration motor',
    question: 'Did the vibration motor buzz?',
    ifNo: 'Stop here, and check the vibration MOSFET on D9, the motor’s wires and its flyback diode.',
  },
  kneading: {
    title: 'Kneading motor, one way',
    before: 'The kneading motor turns slowly one way for 2 seconds, then stops. Keep fingers away from the gear.',
    run: 'Turn the kneading motor',
    question: 'Did the kneading motor turn?',
    ifNo: 'Stop here, and check the H-bridge: PWMA on D10, AIN1 on D7, AIN2 on D8, STBY tied to 5 V, and its motor supply.',
  },
  'kneading-reverse': {
    title: 'Kneading motor, the other way',
    before: 'Now the same motor turns the other way for 2 seconds, then stops.',
    run: 'Turn it the other way',
    question: 'Did it turn the other way?',
    ifNo: 'Stop here, and check AIN1 on D7 and AIN2 on D8: one of them is not reaching the H-bridge.',
  },
  heat: {
    title: 'Heating pad, briefly',
    before:
      'The pad heats at its lowest setting until the reading rises a little, at most one minute. Lay it on a table, not on anyone, with the thermistor taped to it.',
    run: 'Warm the pad briefly',
    question: 'Did the pad feel a little warm where the thermistor is?',
    ifNo: 'Stop here, and check that the thermistor is taped to the pad’s surface and that the pad is wired through the MOSFET on D3.',
  },
  button: {
    title: 'The board’s STOP button',
    before: 'Press the board’s STOP button once, and let go. The app waits to see it.',
  },
  link: {
    title: 'A lost link',
    before:
      'If the Bluetooth link drops, the board stops everything by itself: within about a tenth of a second when its module’s STATE pin goes low, and after 5 seconds without a line from the app in any case. To try it, start a normal session, then switch Bluetooth off or walk away: the motors stop.',
  },
};

/** What a stop line of the board's means during a step, and what to look at. */
function stoppedBecause(cause: DeviceStopCause): string {
  switch (cause) {
    case 'button':
      return 'The board’s own STOP button stopped this step.';
    case 'link-loss':
      return 'The board stopped: it heard nothing from the app for 5 seconds, or its STATE pin read the link as down. Check the module’s STATE wire to D2.';
    case 'deadline':
      return 'The board’s own time limit for this step ran out.';
    case 'over-temperature':
      return 'The board read the pad at 41 °C or more, or heating while switched off. Unplug the pad now, and check its MOSFET on D3.';
    case 'sensor-fault':
      return 'The board cannot trust its thermistor (open, shorted, or not following the heater). Stop here, and check the thermistor is taped to the pad and wired to A0.';
    case 'reset':
      return 'The board restarted during the step. Check the supply: a motor starting can pull 5 V down (the 470 µF capacitor near the motors).';
    case 'new-session':
    case 'stop-command':
    case 'low-battery':
    case 'none':
    case 'unknown':
      return 'The board stopped this step by itself.';
  }
}

const NOTHING_RUNS = 'Everything is off.';

export function initialCheck(at: number): CheckState {
  return {
    now: at,
    phase: 'intro',
    step: null,
    capabilities: null,
    keepaliveMs: 1500,
    results: {},
    ranges: null,
    boot: null,
    identity: null,
    roomC: null,
    waitingSince: at,
    run: null,
    stopSentAt: null,
    note: null,
    end: null,
    startedAt: null,
  };
}

/** The output step's session limits and its one command, at the lowest setting the board has. */
interface OutputPlan {
  readonly caps: VetCaps;
  readonly request: OutputRequest;
  readonly sessionSeconds: number;
  readonly heatSeconds: number;
  readonly runMs: number;
}

const NO_CAPS: VetCaps = { maxVibration: 0, maxKneading: 0, maxHeat: 0, maxHeatC: 0, reversible: false };

function planFor(step: CheckStepId, capabilities: Capabilities): OutputPlan | null {
  const motor = CHECK_LIMITS.motorSessionSeconds.value;
  switch (step) {
    case 'vibration':
      return capabilities.vibration
        ? {
            caps: { ...NO_CAPS, maxVibration: 1 },
            request: { kind: 'vibration', level: 1 },
            sessionSeconds: motor,
            heatSeconds: 0,
            runMs: CHECK_LIMITS.vibrationRunMs.value,
          }
        : null;
    case 'kneading':
    case 'kneading-reverse': {
      const kneading = capabilities.kneading;
      if (!kneading || (step === 'kneading-reverse' && !kneading.reversible)) return null;
      return {
        caps: { ...NO_CAPS, maxKneading: 1, reversible: kneading.reversible },
        request: { kind: 'kneading', speed: 1, direction: step === 'kneading' ? 'clockwise' : 'counterclockwise' },
        sessionSeconds: motor,
        heatSeconds: 0,
        runMs: CHECK_LIMITS.kneadingRunMs.value,
      };
    }
    case 'heat': {
      const lowest = capabilities.heat?.levels[0];
      if (!lowest) return null;
      const seconds = CHECK_LIMITS.heatSessionSeconds.value;
      return {
        caps: { ...NO_CAPS, maxHeat: 1, maxHeatC: Math.min(lowest.celsius, GLOBAL_CAPS.heatTargetC.value) },
        request: { kind: 'heat', level: 1 },
        sessionSeconds: seconds,
        heatSeconds: seconds,
        runMs: CHECK_LIMITS.heatRunMs.value,
      };
    }
    default:
      return null;
  }
}

/** Which output a step drives, to read back from the board's reports. */
function outputOf(step: CheckStepId): 'vibration' | 'kneading' | 'heat' | null {
  if (step === 'vibration') return 'vibration';
  if (step === 'kneading' || step === 'kneading-reverse') return 'kneading';
  if (step === 'heat') return 'heat';
  return null;
}

class Draft {
  state: { -readonly [K in keyof CheckState]: CheckState[K] };
  readonly effects: CheckEffect[] = [];

  constructor(state: CheckState, at: number) {
    this.state = { ...state, now: Math.max(state.now, at) };
  }

  send(command: VettedCommand): void {
    this.effects.push({ kind: 'send', command });
  }

  stop(): void {
    this.send(vetStop());
    this.state.stopSentAt = this.state.now;
    this.state.run = null;
  }

  result(step: CheckStepId, status: StepStatus, detail: string): void {
    this.state.results = { ...this.state.results, [step]: { status, detail } };
  }

  /** Something is wrong: every output off first, then the check ends on this step. */
  fail(step: CheckStepId, detail: string): void {
    this.stop();
    this.result(step, 'failed', detail);
    this.finish('failed', detail);
  }

  finish(outcome: 'finished' | 'failed' | 'stopped', message: string): void {
    this.state.phase = 'done';
    this.state.end = { at: this.state.now, outcome, message };
    this.state.note = null;
  }

  /** On to `step`, or past it when this board does not have what it tests. */
  enter(step: CheckStepId): void {
    const s = this.state;
    s.step = step;
    s.note = null;
    s.waitingSince = s.now;
    if (step === 'identity') {
      s.phase = 'asking';
      this.effects.push({ kind: 'ask-ranges' });
      return;
    }
    if (step === 'thermistor') {
      s.phase = 'reading';
      // "V0" raises nothing, is always taken, and is answered with a state line (PROTOCOL.md §2).
      const verdict = vet({ kind: 'vibration', level: 0 }, { caps: null, active: false, heatTimeLeftMs: 0 });
      if (verdict.ok) this.send(verdict.command);
      return;
    }
    if (step === 'button') {
      s.phase = 'press-button';
      return;
    }
    if (step === 'link') {
      s.phase = 'explain';
      return;
    }
    const plan = s.capabilities ? planFor(step, s.capabilities) : null;
    if (!plan) {
      this.result(step, 'skipped', 'This board reports no such output.');
      this.next();
      return;
    }
    s.phase = 'ready';
  }

  next(): void {
    const step = this.state.step;
    const index = step === null ? -1 : CHECK_STEPS.indexOf(step);
    const following = CHECK_STEPS[index + 1];
    if (following === undefined) this.finish('finished', 'Every step is done.');
    else this.enter(following);
  }
}

function describeCause(cause: string): string {
  switch (cause) {
    case 'power':
      return 'it was switched on';
    case 'external':
      return 'its reset pin (a USB port opening resets an Arduino)';
    case 'brownout':
      return 'its supply dipped (a brown-out): check the supply and the 470 µF capacitor';
    case 'watchdog':
      return 'its own watchdog (its main loop hung)';
    default:
      return 'not known (some bootloaders clear the reason)';
  }
}

function describeRanges(ranges: { readonly capabilities: Capabilities; readonly sessionSeconds: number }): string {
  const { vibration, kneading, heat } = ranges.capabilities;
  const levels = heat?.levels ?? [];
  return [
    vibration ? `vibration 1–${vibration.steps}` : 'no vibration',
    kneading ? `kneading speeds 1–${kneading.speeds}` : 'no kneading',
    levels.length > 0 ? `heat ${levels[0]?.celsius}–${levels.at(-1)?.celsius} °C` : 'no heater',
    `sessions up to ${ranges.sessionSeconds} s`,
  ].join(', ');
}

function onIdentity(d: Draft): void {
  const { ranges, boot } = d.state;
  if (!ranges || !boot) return;
  d.state.identity = { ...ranges, resetCause: boot.cause, version: boot.version };
  if (!boot.version.startsWith('1.')) {
    d.fail(
      'identity',
      `The board runs firmware ${boot.version}; this app speaks version 1. Stop here, and flash firmware/easeback-diy.hex.`,
    );
    return;
  }
  d.result(
    'identity',
    'passed',
    `Firmware ${boot.version}. Last started because ${describeCause(boot.cause)}. Ranges: ${describeRanges(ranges)}.`,
  );
  d.next();
}

function onReading(d: Draft, report: DeviceReport): void {
  const [low, high] = CHECK_LIMITS.roomC.value;
  const celsius = report.heaterC;
  if (celsius === null || report.faults.sensorFault) {
    d.fail(
      'thermistor',
      'The thermistor reads as open or shorted. Stop here, and check the 10 kΩ pull-up from A0 to 5 V and the thermistor from A0 to ground with a meter (about 10 kΩ each at 25 °C), and their wires.',
    );
    return;
  }
  if (celsius < low || celsius > high) {
    d.fail(
      'thermistor',
      `The thermistor reads ${celsius} °C, which is not a room temperature. Stop here, and check that it is a 10 kΩ B3950 NTC with a 10 kΩ pull-up, and that nothing warm or cold touches it.`,
    );
    return;
  }
  d.state.roomC = celsius;
  d.result('thermistor', 'passed', `It reads ${celsius} °C, a plausible room temperature.`);
  d.next();
}

function runStep(d: Draft, at: number): void {
  const s = d.state;
  const step = s.step;
  if (s.phase !== 'ready' || !step || !s.capabilities) return;
  const plan = planFor(step, s.capabilities);
  if (!plan) return;
  const verdict = vet(plan.request, { caps: plan.caps, active: true, heatTimeLeftMs: plan.heatSeconds * 1000 });
  if (!verdict.ok) {
    d.fail(step, `The app would not send this step: ${verdict.message}`);
    return;
  }
  // The same limits line a session sends: the board holds the step to it, with its own deadline.
  d.send(
    vetLimits({
      maxVibration: plan.caps.maxVibration,
      maxKneading: plan.caps.maxKneading,
      maxHeatC: plan.caps.maxHeatC,
      sessionSeconds: plan.sessionSeconds,
      heatSeconds: plan.heatSeconds,
    }),
  );
  d.send(verdict.command);
  s.phase = 'running';
  s.note = null;
  s.stopSentAt = null;
  s.run = { startedAt: at, until: at + plan.runMs, armed: false, on: false, keepaliveAt: at, startC: null, peakC: null };
}

/** The step's time is up, or (heat) the reading rose enough: everything off, then its question. */
function endRun(d: Draft): void {
  const s = d.state;
  const step = s.step;
  const run = s.run;
  if (!step || !run) return;
  const output = outputOf(step);
  if (!run.on) {
    d.fail(step, `The board never reported the ${output ?? 'output'} on. Stop here, and check that the board runs the Easeback firmware.`);
    return;
  }
  if (step === 'heat') {
    const rise = run.peakC !== null && run.startC !== null ? run.peakC - run.startC : 0;
    if (rise < CHECK_LIMITS.heatRiseC.value) {
      d.fail(
        'heat',
        `The reading did not rise (${run.startC ?? '?'} °C to ${run.peakC ?? '?'} °C in a minute of heat). Stop here, and check that the thermistor is taped to the pad and the pad is wired through the MOSFET on D3.`,
      );
      return;
    }
  }
  d.stop();
  s.phase = 'stopping';
  s.waitingSince = s.now;
}

function onRunReport(d: Draft, report: DeviceReport): void {
  const s = d.state;
  const step = s.step;
  const run = s.run;
  if (!step || !run || !s.capabilities) return;
  const plan = planFor(step, s.capabilities);
  const output = outputOf(step);
  if (!plan || !output) return;
  // More than this step allows, or an output it does not run: stop at once (the board should never do this).
  const over = report.vibration > plan.caps.maxVibration || report.kneading > plan.caps.maxKneading || report.heat > plan.caps.maxHeat;
  if (over) {
    d.fail(step, 'The board reported more than this step allows. Stop here: flash firmware/easeback-diy.hex again.');
    return;
  }
  const armed = run.armed || report.sessionArmed === true;
  const on = run.on || (armed && report[output] > 0);
  const direction = plan.request.kind === 'kneading' ? plan.request.direction : null;
  if (on && direction !== null && report.kneading > 0 && report.direction !== direction) {
    d.fail(step, 'The board reported the other direction. Stop here: flash firmware/easeback-diy.hex again.');
    return;
  }
  let startC = run.startC;
  let peakC = run.peakC;
  if (step === 'heat') {
    if (report.heaterC === null) {
      d.fail('heat', 'The thermistor stopped giving a reading while the pad heated. Unplug the pad, and check the thermistor’s wires.');
      return;
    }
    startC ??= report.heaterC;
    peakC = Math.max(peakC ?? report.heaterC, report.heaterC);
    if (report.heaterC >= CHECK_LIMITS.heatAbortC.value) {
      d.fail('heat', `The pad reached ${report.heaterC} °C at the lowest setting. Unplug the pad now, and check its MOSFET on D3.`);
      return;
    }
  }
  s.run = { ...run, armed, on, startC, peakC };
  if (step === 'heat' && startC !== null && peakC !== null && peakC - startC >= CHECK_LIMITS.heatRiseC.value) endRun(d);
}

function onTick(d: Draft, at: number): void {
  const s = d.state;
  const waited = at - s.waitingSince;
  if (s.phase === 'stopping' && waited >= CHECK_LIMITS.answerMs.value && s.step) {
    d.fail(s.step, 'The board did not report its outputs off after the stop. Unplug its supply, and check the module’s wiring.');
    return;
  }
  if ((s.phase === 'asking' || s.phase === 'reading') && waited >= CHECK_LIMITS.answerMs.value && s.step) {
    d.fail(
      s.step,
      'The board did not answer. Stop here, and check the module: its TX to D0, its RX to D1 through the divider, 9600 baud, and a common ground.',
    );
    return;
  }
  const run = s.run;
  if (s.phase === 'running' && run) {
    if (at >= run.until) {
      endRun(d);
      return;
    }
    // The board's watchdog stops a session after 5 s without a line: the check keeps it alive like a session does.
    if (at - run.keepaliveAt >= s.keepaliveMs * 0.8) {
      d.send(vetKeepalive());
      s.run = { ...run, keepaliveAt: at };
    }
  }
}

function onBoardStopped(d: Draft, cause: DeviceStopCause): void {
  const s = d.state;
  const step = s.step;
  if (!step) return;
  if (s.phase === 'press-button' && cause === 'button') {
    s.phase = 'release';
    s.note = null;
    return;
  }
  if (s.phase !== 'running' || !s.run) return;
  if (cause === 'button') {
    d.stop();
    d.result(step, 'stopped', stoppedBecause(cause));
    d.finish('stopped', `${stoppedBecause(cause)} ${NOTHING_RUNS}`);
    return;
  }
  // Until the board reports this step armed, a "STOP cmd" is the answer to the last step's stop.
  if (cause === 'stop-command' && !s.run.armed) return;
  d.fail(step, stoppedBecause(cause));
}

function onRejected(d: Draft, rejection: DeviceRejection): void {
  const s = d.state;
  const step = s.step;
  if (!step) return;
  if (s.phase === 'releasing') {
    s.phase = 'release';
    s.note = 'The board still reads its button as pressed. Let go of it, wait a moment, and press Release again.';
    return;
  }
  if (s.phase === 'running') {
    d.fail(step, `The board refused a line (${rejection.replace(/-/g, ' ')}). Stop here: a latched fault or its button may be holding it.`);
  }
}

export function checkStep(state: CheckState, event: CheckEvent): CheckStep {
  const d = new Draft(state, event.at);
  const s = d.state;
  const at = s.now;
  // Once ended the check says nothing more: the session engine's own rules hold the board again.
  if (s.phase === 'done') return { state: s, effects: [] };
  switch (event.type) {
    case 'begin':
      if (s.phase !== 'intro') break;
      s.capabilities = event.capabilities;
      s.keepaliveMs = event.keepaliveMs;
      s.startedAt = at;
      // Whatever the board was doing, it starts from everything off.
      d.stop();
      d.enter('identity');
      break;
    case 'run':
      runStep(d, at);
      break;
    case 'answer': {
      const step = s.step;
      if (s.phase !== 'question' || !step) break;
      if (event.yes) {
        d.result(step, 'passed', `${STEP_TEXT[step].question ?? ''} Yes.`);
        d.next();
      } else {
        const advice = STEP_TEXT[step].ifNo ?? 'Stop here.';
        d.result(step, 'failed', advice);
        d.finish('failed', advice);
      }
      break;
    }
    case 'release':
      if (s.phase !== 'release') break;
      s.phase = 'releasing';
      s.note = null;
      d.effects.push({ kind: 'release-latches' });
      break;
    case 'accepted':
      if (s.phase === 'releasing') {
        d.result('button', 'passed', 'The app saw the board’s STOP, and the board took the release.');
        d.next();
      }
      break;
    case 'button-did-nothing':
      if (s.phase === 'press-button') {
        d.fail('button', 'The app did not see the board’s STOP. Stop here, and check the button: one side to D4, the other to ground.');
      }
      break;
    case 'understood':
      if (s.phase === 'explain') {
        d.result('link', 'explained', 'Explained; try it with a normal session.');
        d.next();
      }
      break;
    case 'stop':
      if (s.phase === 'intro') break;
      d.stop();
      if (s.step) d.result(s.step, 'stopped', 'You stopped the check here.');
      d.finish('stopped', `You stopped the check. ${NOTHING_RUNS}`);
      break;
    case 'disconnected':
      if (s.phase === 'intro') break;
      d.state.run = null;
      if (s.step) d.result(s.step, 'stopped', 'The Bluetooth link was lost here.');
      d.finish('stopped', 'The Bluetooth link was lost, so the check ended. The board stops everything by itself when its link drops.');
      break;
    case 'tick':
      onTick(d, at);
      break;
    case 'ranges':
      if (s.phase === 'asking') {
        s.ranges = { capabilities: event.capabilities, sessionSeconds: event.sessionSeconds };
        onIdentity(d);
      }
      break;
    case 'booted':
      if (s.phase === 'asking') {
        s.boot = { cause: event.cause, version: event.version };
        onIdentity(d);
      } else if (s.step && s.phase !== 'intro') {
        // A BOOT line outside the answer to "?" means the board reset: whatever it held is gone.
        d.fail(s.step, stoppedBecause('reset'));
      }
      break;
    case 'report':
      if (s.phase === 'reading') onReading(d, event.report);
      else if (s.phase === 'running') onRunReport(d, event.report);
      // The question waits until the board itself says everything is off.
      else if (s.phase === 'stopping' && !anyOutputOn(event.report) && event.report.sessionArmed !== true) s.phase = 'question';
      else if (s.startedAt !== null && anyOutputOn(event.report)) {
        // Nothing should be on now: the stop again, once a second, until the board reports it taken.
        if (s.stopSentAt === null || at - s.stopSentAt >= CHECK_LIMITS.stopResendMs.value) d.stop();
      }
      break;
    case 'rejected':
      onRejected(d, event.rejection);
      break;
    case 'device-stopped':
      onBoardStopped(d, event.cause);
      break;
    case 'instruction':
      if (s.step)
        d.fail(s.step, 'The board says: unplug the heating pad now. Its heater may be on although switched off (a failed MOSFET).');
      break;
  }
  return { state: s, effects: d.effects };
}

/** True while the check may have an output on at the board: a session must not start then. */
export function checkHoldsDevice(state: CheckState): boolean {
  return state.phase !== 'intro' && state.phase !== 'done';
}

const STATUS_WORDS: Readonly<Record<StepStatus, string>> = {
  passed: 'passed',
  failed: 'FAILED',
  skipped: 'skipped',
  explained: 'explained',
  stopped: 'stopped',
};

/** The result as plain text the person can keep: each step, what happened, and how it ended. */
export function checkSummary(state: CheckState, boardName: string): string {
  const when = new Date(state.startedAt ?? state.now).toISOString().slice(0, 16).replace('T', ' ');
  const lines = [`Easeback first-power-on check of ${boardName}, ${when} UTC`];
  for (const step of CHECK_STEPS) {
    const result = state.results[step];
    lines.push(`- ${STEP_TEXT[step].title}: ${result ? `${STATUS_WORDS[result.status]}. ${result.detail}` : 'not run.'}`);
  }
  if (state.end) lines.push(state.end.outcome === 'finished' ? 'Every step is done.' : `Ended: ${state.end.message}`);
  return lines.join('\n');
}
