import { describe, expect, it } from 'vitest';
import {
  CHECK_LIMITS,
  checkStep,
  checkSummary,
  initialCheck,
  type CheckEffect,
  type CheckEvent,
  type CheckState,
} from '../../../../src/core/check/first-power-on.js';
import type { DeviceReport } from '../../../../src/core/device-report.js';
import { NO_FAULTS } from '../../../../src/core/device-report.js';
import type { Capabilities } from '../../../../src/core/profile/types.js';
import { initialState, step } from '../../../../src/core/session/machine.js';
import { Engine, noticesOf } from '../../support/session.js';

const HEAT_LEVELS = Array.from({ length: 7 }, (_, i) => ({ level: i + 1, celsius: 34 + i }));
const DIY: Capabilities = {
  vibration: { steps: 10 },
  kneading: { speeds: 3, reversible: true },
  heat: { mode: 'celsius', levels: HEAT_LEVELS },
};

type Input = CheckEvent extends infer E ? (E extends { at: number } ? Omit<E, 'at'> : never) : never;

/** The check driven by hand: each event at the clock's time, every effect written as the board would hear it. */
class Check {
  state: CheckState;
  now = 0;
  readonly wire: string[] = [];

  constructor() {
    this.state = initialCheck(0);
  }

  on(input: Input, afterMs = 0): string[] {
    this.now += afterMs;
    const { state, effects } = checkStep(this.state, { ...input, at: this.now });
    this.state = state;
    const said = effects.map(onTheWire);
    this.wire.push(...said);
    return said;
  }

  /** Ticks every 250 ms for `ms`, as the app does. */
  pass(ms: number): string[] {
    const said: string[] = [];
    for (let t = 0; t < ms; t += 250) said.push(...this.on({ type: 'tick' }, 250));
    return said;
  }

  report(fields: Partial<DeviceReport>): string[] {
    return this.on({ type: 'report', report: report(fields) });
  }
}

function commandLine(command: Extract<CheckEffect, { kind: 'send' }>['command']): string {
  switch (command.kind) {
    case 'stop':
      return 'S';
    case 'keepalive':
      return 'K';
    case 'limits': {
      const l = command.limits;
      return `L${l.maxVibration},${l.maxKneading},${l.maxHeatC},${l.sessionSeconds},${l.heatSeconds}`;
    }
    case 'vibration':
      return `V${command.level}`;
    case 'kneading':
      return `N${command.speed},${command.direction === 'clockwise' ? 0 : 1}`;
    case 'heat':
      return `H(step ${command.level})`;
    case 'ask-ranges':
      return '?';
    case 'release-latches':
      return 'R';
  }
}

function onTheWire(effect: CheckEffect): string {
  if (effect.kind === 'ask-ranges') return '?';
  if (effect.kind === 'release-latches') return 'R';
  return commandLine(effect.command);
}

function report(fields: Partial<DeviceReport>): DeviceReport {
  return {
    vibration: 0,
    kneading: 0,
    direction: 'clockwise',
    heat: 0,
    heaterC: 22.5,
    sessionArmed: false,
    sessionSecondsLeft: 0,
    heatSecondsLeft: 0,
    faults: NO_FAULTS,
    lastStop: 'none',
    lastRejection: null,
    sequence: null,
    ...fields,
  };
}

/** Begun, and the board answered "?" and the state request: at the vibration step, nothing run. */
function atVibration(capabilities: Capabilities = DIY): Check {
  const check = new Check();
  check.on({ type: 'begin', capabilities, keepaliveMs: 1500 });
  check.on({ type: 'ranges', capabilities, sessionSeconds: 1200 }, 30);
  check.on({ type: 'booted', cause: 'power', version: '1.0.0' }, 10);
  check.report({ heaterC: 22.5 });
  return check;
}

/** Runs the current output step with the board doing what it is told, up to its question. */
function runAsTold(check: Check, fields: Partial<DeviceReport>): string[] {
  const said = check.on({ type: 'run' }, 500);
  check.on({ type: 'device-stopped', cause: 'stop-command' }, 20); // the last step's stop, answered late
  check.report({ sessionArmed: true });
  check.report({ sessionArmed: true, ...fields });
  const rest = check.pass(4000);
  check.report({}); // the board: everything off, no session
  return [...said, ...rest];
}

describe('the first-power-on check: nothing runs unasked', () => {
  it('beginning sends only a stop, the question for ranges, and a state request that raises nothing', () => {
    const check = atVibration();
    expect(check.wire).toEqual(['S', '?', 'V0']);
    expect(check.state).toMatchObject({ step: 'vibration', phase: 'ready' });
    expect(check.pass(60_000)).toEqual([]);
  });

  it('the board’s reset cause, firmware version and ranges are shown as it reported them', () => {
    const check = atVibration();
    expect(check.state.results.identity?.status).toBe('passed');
    expect(check.state.results.identity?.detail).toContain('Firmware 1.0.0');
    expect(check.state.results.identity?.detail).toContain('it was switched on');
    expect(check.state.results.identity?.detail).toContain('heat 34–40 °C');
    expect(check.state.results.thermistor).toEqual({ status: 'passed', detail: 'It reads 22.5 °C, a plausible room temperature.' });
  });

  it('a board that does not answer ends the check, says what to check, and sends nothing more', () => {
    const check = new Check();
    check.on({ type: 'begin', capabilities: DIY, keepaliveMs: 1500 });
    const said = check.pass(CHECK_LIMITS.answerMs.value);
    expect(said).toEqual(['S']);
    expect(check.state.phase).toBe('done');
    expect(check.state.results.identity?.detail).toMatch(/did not answer.*TX to D0/);
    expect(check.on({ type: 'run' }, 100)).toEqual([]);
  });

  it('firmware of another protocol version ends the check before anything runs', () => {
    const check = new Check();
    check.on({ type: 'begin', capabilities: DIY, keepaliveMs: 1500 });
    check.on({ type: 'ranges', capabilities: DIY, sessionSeconds: 1200 });
    check.on({ type: 'booted', cause: 'power', version: '2.0.0' });
    expect(check.state.phase).toBe('done');
    expect(check.wire).not.toContain('V0');
  });
});

describe('the thermistor before any heat', () => {
  it('an open or shorted thermistor (no reading) ends the check with what to inspect, before any output runs', () => {
    const check = new Check();
    check.on({ type: 'begin', capabilities: DIY, keepaliveMs: 1500 });
    check.on({ type: 'ranges', capabilities: DIY, sessionSeconds: 1200 });
    check.on({ type: 'booted', cause: 'power', version: '1.0.0' });
    check.report({ heaterC: null, faults: { ...NO_FAULTS, sensorFault: true } });
    expect(check.state).toMatchObject({ phase: 'done', end: { outcome: 'failed' } });
    expect(check.state.results.thermistor?.detail).toMatch(/open or shorted.*10 kΩ pull-up from A0/);
    expect(check.on({ type: 'run' }, 100)).toEqual([]);
    expect(check.wire.filter((w) => /^[LVNH]/.test(w) && w !== 'V0')).toEqual([]);
  });

  it.each([5, 36.5])('a reading of %s °C is not a room temperature: the check ends there', (celsius) => {
    const check = new Check();
    check.on({ type: 'begin', capabilities: DIY, keepaliveMs: 1500 });
    check.on({ type: 'ranges', capabilities: DIY, sessionSeconds: 1200 });
    check.on({ type: 'booted', cause: 'power', version: '1.0.0' });
    check.report({ heaterC: celsius });
    expect(check.state.results.thermistor?.status).toBe('failed');
    expect(check.state.phase).toBe('done');
  });
});

describe('each output step: the person’s press, a short session with tight limits, a stop, then the question', () => {
  it('vibration runs at level 1 in a 10 s session allowing level 1 only, and is stopped before its question', () => {
    const check = atVibration();
    const said = runAsTold(check, { vibration: 1 });
    expect(said[0]).toBe('L1,0,0,10,0');
    expect(said[1]).toBe('V1');
    expect(said.at(-1)).toBe('S');
    expect(check.state).toMatchObject({ step: 'vibration', phase: 'question' });
  });

  it('the question waits until the board itself reports everything off; a board that never does ends the check', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, vibration: 1 });
    check.pass(CHECK_LIMITS.vibrationRunMs.value);
    expect(check.state.phase).toBe('stopping');
    check.report({ sessionArmed: true, vibration: 1 }); // still on: a report from before the stop
    expect(check.state.phase).toBe('stopping');
    check.pass(CHECK_LIMITS.answerMs.value);
    expect(check.state).toMatchObject({ phase: 'done', results: { vibration: { status: 'failed' } } });
    expect(check.wire.at(-1)).toBe('S');
  });

  it('keep-alives go out while a step runs, so the board’s 5 s watchdog does not stop it', () => {
    const check = atVibration();
    const said = runAsTold(check, { vibration: 1 });
    expect(said.filter((w) => w === 'K').length).toBeGreaterThanOrEqual(1);
  });

  it('kneading runs one way, then (after its own stop and question) the other way, at speed 1 only', () => {
    const check = atVibration();
    runAsTold(check, { vibration: 1 });
    check.on({ type: 'answer', yes: true });
    const oneWay = runAsTold(check, { kneading: 1, direction: 'clockwise' });
    expect(oneWay.slice(0, 2)).toEqual(['L0,1,0,10,0', 'N1,0']);
    expect(oneWay.at(-1)).toBe('S');
    check.on({ type: 'answer', yes: true });
    const otherWay = runAsTold(check, { kneading: 1, direction: 'counterclockwise' });
    expect(otherWay.slice(0, 2)).toEqual(['L0,1,0,10,0', 'N1,1']);
    expect(otherWay.at(-1)).toBe('S');
    expect(check.state).toMatchObject({ step: 'kneading-reverse', phase: 'question' });
  });

  it('a "no" to a motor question stops there: the check ends failed with what to check, and nothing more runs', () => {
    const check = atVibration();
    runAsTold(check, { vibration: 1 });
    check.on({ type: 'answer', yes: false });
    expect(check.state).toMatchObject({ phase: 'done', end: { outcome: 'failed' } });
    expect(check.state.results.vibration?.detail).toMatch(/MOSFET on D9/);
    expect(check.on({ type: 'run' }, 100)).toEqual([]);
  });

  it('a failed motor step stops every output before asking the next question', () => {
    // The board reports the motor running faster than the step allows: stop at once, and no question.
    const check = atVibration();
    check.on({ type: 'run' });
    const said = check.report({ sessionArmed: true, vibration: 3 });
    expect(said).toEqual(['S']);
    expect(check.state.phase).toBe('done');
    expect(check.state.results.vibration?.status).toBe('failed');
    expect(check.state.results.kneading).toBeUndefined();
  });

  it('a board that never reports the motor on: stopped at the end of the step, failed, no question', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true });
    const said = check.pass(4000);
    expect(said.at(-1)).toBe('S');
    expect(check.state).toMatchObject({ phase: 'done', results: { vibration: { status: 'failed' } } });
  });

  it('kneading reported in the wrong direction is a failure, stopped at once', () => {
    const check = atVibration();
    runAsTold(check, { vibration: 1 });
    check.on({ type: 'answer', yes: true });
    check.on({ type: 'run' });
    expect(check.report({ sessionArmed: true, kneading: 1, direction: 'counterclockwise' })).toEqual(['S']);
    expect(check.state.results.kneading?.status).toBe('failed');
  });

  it('a refusal from the board during a step stops everything and ends the check', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    expect(check.on({ type: 'rejected', rejection: 'fault-active' })).toEqual(['S']);
    expect(check.state.phase).toBe('done');
  });

  it('the answer to the last step’s stop, before the board reports the new step armed, is not a failure; a stop after it is', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.on({ type: 'device-stopped', cause: 'stop-command' });
    expect(check.state.phase).toBe('running');
    check.report({ sessionArmed: true, vibration: 1 });
    expect(check.on({ type: 'device-stopped', cause: 'link-loss' })).toEqual(['S']);
    expect(check.state.results.vibration?.detail).toMatch(/STATE wire to D2/);
  });

  it('a board that has no kneading motor or heater skips those steps', () => {
    const check = atVibration({ ...DIY, kneading: null, heat: null });
    runAsTold(check, { vibration: 1 });
    check.on({ type: 'answer', yes: true });
    expect(check.state.results.kneading?.status).toBe('skipped');
    expect(check.state.results.heat?.status).toBe('skipped');
    expect(check.state.phase).toBe('press-button');
  });
});

/** Past both motor steps: at the heat step, nothing on. */
function atHeat(): Check {
  const check = atVibration();
  runAsTold(check, { vibration: 1 });
  check.on({ type: 'answer', yes: true });
  runAsTold(check, { kneading: 1 });
  check.on({ type: 'answer', yes: true });
  runAsTold(check, { kneading: 1, direction: 'counterclockwise' });
  check.on({ type: 'answer', yes: true });
  expect(check.state).toMatchObject({ step: 'heat', phase: 'ready' });
  return check;
}

describe('the heating pad, briefly and only at the lowest setting', () => {
  it('heats in a session allowing only the lowest setpoint, and stops as soon as the reading rises a little', () => {
    const check = atHeat();
    const said = check.on({ type: 'run' });
    expect(said).toEqual(['L0,0,34,75,75', 'H(step 1)']);
    check.report({ sessionArmed: true, heat: 1, heaterC: 22.5 });
    check.pass(2000);
    check.report({ sessionArmed: true, heat: 1, heaterC: 22.8 });
    expect(check.state.phase).toBe('running');
    expect(check.report({ sessionArmed: true, heat: 1, heaterC: 23.0 })).toEqual(['S']);
    expect(check.state.phase).toBe('stopping');
    check.report({ heaterC: 23.1 });
    expect(check.state.phase).toBe('question');
  });

  it('a reading that nears the cap stops the heater at once and says to unplug the pad', () => {
    const check = atHeat();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, heat: 1, heaterC: 36.9 });
    expect(check.report({ sessionArmed: true, heat: 1, heaterC: CHECK_LIMITS.heatAbortC.value })).toEqual(['S']);
    expect(check.state.results.heat?.detail).toMatch(/Unplug the pad now/);
    expect(CHECK_LIMITS.heatAbortC.value).toBeLessThan(41);
  });

  it('a reading that does not rise: stopped after a minute, with what to check', () => {
    const check = atHeat();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, heat: 1, heaterC: 22.5 });
    const said = check.pass(CHECK_LIMITS.heatRunMs.value);
    expect(said.at(-1)).toBe('S');
    expect(check.state.results.heat?.detail).toMatch(/did not rise.*taped to the pad/);
  });

  it('the thermistor failing while the pad heats stops the heater', () => {
    const check = atHeat();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, heat: 1, heaterC: 22.5 });
    expect(check.report({ sessionArmed: true, heat: 1, heaterC: null })).toEqual(['S']);
    expect(check.state.phase).toBe('done');
  });

  it('the board’s unplug instruction ends the check with that instruction', () => {
    const check = atHeat();
    check.on({ type: 'run' });
    check.on({ type: 'device-stopped', cause: 'over-temperature' });
    expect(check.state.results.heat?.detail).toMatch(/Unplug the pad now/);
  });
});

describe('STOP, a lost link, and the board’s own stop', () => {
  it('STOP mid-step sends a stop and ends the check; nothing restarts, and Run does nothing after it', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, vibration: 1 });
    expect(check.on({ type: 'stop' })).toEqual(['S']);
    expect(check.state).toMatchObject({ phase: 'done', end: { outcome: 'stopped' } });
    expect(check.state.results.vibration?.status).toBe('stopped');
    expect([...check.on({ type: 'run' }), ...check.on({ type: 'answer', yes: true }), ...check.pass(10_000)]).toEqual([]);
  });

  it('STOP while a question waits ends the check too', () => {
    const check = atVibration();
    runAsTold(check, { vibration: 1 });
    expect(check.on({ type: 'stop' })).toEqual(['S']);
    expect(check.state.phase).toBe('done');
  });

  it('a lost link ends the check and says the board stops by itself', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.on({ type: 'disconnected' });
    expect(check.state.end?.message).toMatch(/stops everything by itself/);
    expect(check.pass(10_000)).toEqual([]);
  });

  it('after a step’s stop, a report of an output still on gets the stop again, at most once a second', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, vibration: 1 });
    expect(check.pass(CHECK_LIMITS.vibrationRunMs.value).at(-1)).toBe('S');
    expect(check.report({ vibration: 1 })).toEqual([]); // the stop went out just now
    check.now += CHECK_LIMITS.stopResendMs.value;
    expect(check.report({ vibration: 1 })).toEqual(['S']);
    expect(check.report({ vibration: 1 })).toEqual([]);
  });

  it('the board restarting mid-step ends the check and points at the supply', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.on({ type: 'booted', cause: 'brownout', version: '1.0.0' });
    expect(check.state.results.vibration?.detail).toMatch(/supply/);
  });

  it('the board’s STOP button pressed mid-step stops the check', () => {
    const check = atVibration();
    check.on({ type: 'run' });
    check.report({ sessionArmed: true, vibration: 1 });
    check.on({ type: 'device-stopped', cause: 'button' });
    expect(check.state).toMatchObject({ phase: 'done', end: { outcome: 'stopped' } });
  });
});

/** Every output step passed: at the button step. */
function atButton(): Check {
  const check = atHeat();
  check.on({ type: 'run' });
  check.report({ sessionArmed: true, heat: 1, heaterC: 22.5 });
  check.report({ sessionArmed: true, heat: 1, heaterC: 23.5 });
  check.report({ heaterC: 23.5 });
  check.on({ type: 'answer', yes: true });
  expect(check.state.phase).toBe('press-button');
  return check;
}

describe('the board’s STOP button and the release', () => {
  it('the release goes only on the person’s press, after the app saw "STOP button"', () => {
    const check = atButton();
    const before = check.wire.length;
    check.on({ type: 'device-stopped', cause: 'button' });
    expect(check.state.phase).toBe('release');
    check.pass(30_000);
    expect(check.wire.slice(before)).toEqual([]);
    expect(check.on({ type: 'release' })).toEqual(['R']);
    check.on({ type: 'accepted' });
    expect(check.state.results.button?.status).toBe('passed');
    expect(check.state.phase).toBe('explain');
  });

  it('a release the board refuses (button still held) asks again, and sends nothing by itself', () => {
    const check = atButton();
    check.on({ type: 'device-stopped', cause: 'button' });
    check.on({ type: 'release' });
    check.on({ type: 'rejected', rejection: 'fault-active' });
    expect(check.state).toMatchObject({ phase: 'release' });
    expect(check.state.note).toMatch(/Let go of it/);
    expect(check.pass(10_000)).toEqual([]);
  });

  it('a button that did nothing ends the check with where to look', () => {
    const check = atButton();
    check.on({ type: 'button-did-nothing' });
    expect(check.state.results.button?.detail).toMatch(/D4/);
  });

  it('the whole check, passed: the summary names every step and its result', () => {
    const check = atButton();
    check.on({ type: 'device-stopped', cause: 'button' });
    check.on({ type: 'release' });
    check.on({ type: 'accepted' });
    check.on({ type: 'understood' });
    expect(check.state).toMatchObject({ phase: 'done', end: { outcome: 'finished' } });
    const summary = checkSummary(check.state, 'EB-DIY');
    expect(summary.split('\n')).toHaveLength(10);
    expect(summary).toContain('- Vibration motor: passed.');
    expect(summary).toContain('- A lost link: explained.');
    expect(summary).not.toContain('not run');
  });

  it('a failed check’s summary says which step failed, why, and which were not run', () => {
    const check = atVibration();
    runAsTold(check, { vibration: 1 });
    check.on({ type: 'answer', yes: false });
    const summary = checkSummary(check.state, 'EB-DIY');
    expect(summary).toContain('- Vibration motor: FAILED. Stop here, and check the vibration MOSFET on D9');
    expect(summary).toContain('- Heating pad, briefly: not run.');
  });
});

describe('the session engine while a board check holds the device', () => {
  const connected = () =>
    step(initialState('gentle', 0), { type: 'connected', at: 0, device: { capabilities: DIY, limitsEnforcedByDevice: true } }).state;

  it('no session starts while the check holds the device, and one can once it gives the device back', () => {
    const engine = new Engine().ready('gentle');
    engine.on({ type: 'board-check', running: true });
    expect(noticesOf(engine.on({ type: 'start', sessionId: 's1' }))).toContainEqual(expect.objectContaining({ reason: 'board-check' }));
    expect(engine.state.session).toBeNull();
    engine.on({ type: 'board-check', running: false });
    engine.on({ type: 'start', sessionId: 's2' });
    expect(engine.state.session?.id).toBe('s2');
  });

  it('a check cannot take a device a session is using', () => {
    const engine = new Engine().ready('gentle');
    engine.on({ type: 'start', sessionId: 's1' });
    engine.on({ type: 'board-check', running: true });
    expect(engine.state.boardCheck).toBe(false);
  });

  it('the check’s outputs are not fought by the engine; once it gives the device back, an output left on is stopped', () => {
    const on = report({ vibration: 1, sessionArmed: true });
    const held = step(connected(), { type: 'board-check', at: 1, running: true }).state;
    expect(step(held, { type: 'report', at: 5000, report: on }).effects).toEqual([]);
    const back = step(held, { type: 'board-check', at: 6000, running: false }).state;
    expect(step(back, { type: 'report', at: 7000, report: on }).effects.filter((e) => e.kind === 'send')).toHaveLength(1);
  });
});
