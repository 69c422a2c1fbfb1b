// @vitest-environment happy-dom
import { BehaviorSubject, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionPort } from '../../../src/app/ports.js';
import type { SessionInput } from '../../../src/app/session-service.js';
import { OUTPUT_KINDS } from '../../../src/core/commands.js';
import { OUTPUTS } from '../../../src/core/outputs.js';
import { builtInProfile } from '../../../src/core/profile/builtin.js';
import { initialState, step } from '../../../src/core/session/machine.js';
import type { MachineState } from '../../../src/core/session/types.js';
import '../../../src/ui/components/app-output-controls.js';
import { button, mounted, shadow } from './dom.js';
import { screeningWith } from '../support/session.js';
import { quietDeviceView } from './device-view.js';

function openMassager() {
  const found = builtInProfile('open-massager');
  if (!found) throw new Error('no built-in open massager');
  return found;
}
const profile = openMassager();

/** A running session on the open massager, as the engine makes it, and the controls given only their two ports. */
async function controls() {
  let state: MachineState = initialState('everyday', 0);
  for (const event of [
    { type: 'screening', at: 0, screening: screeningWith([]) },
    { type: 'connected', at: 0, device: { capabilities: profile.capabilities, limitsEnforcedByDevice: true } },
    { type: 'start', at: 0, sessionId: 's1' },
  ] as const) {
    state = step(state, event).state;
  }
  const asked: SessionInput[] = [];
  const session: SessionPort = {
    state$: new BehaviorSubject(state),
    state,
    notices$: new Subject(),
    dispatch: (input) => asked.push(input),
    stop: () => undefined,
  };
  const device = quietDeviceView({ phase: 'connected', name: 'Easeback Sim', kind: 'simulated', profile });
  const element = document.createElement('app-output-controls');
  element.session = session;
  element.device = device;
  await mounted(element);
  const levels = [...shadow(element).querySelectorAll('app-level-control')];
  await Promise.all(levels.map((level) => level.updateComplete));
  return { element, levels, asked, caps: state.session?.caps };
}

afterEach(() => document.body.replaceChildren());

describe('the controls show each output the device has, each held to its own cap', () => {
  it('one control per output, in the order of the outputs record, each saying its own cap', async () => {
    const { levels, caps } = await controls();
    expect(caps).toBeDefined();
    expect(levels.map((level) => level.label)).toEqual(OUTPUT_KINDS.map((kind) => OUTPUTS[kind].label));
    expect(levels.map((level) => level.max)).toEqual(OUTPUT_KINDS.map((kind) => (caps ? caps[OUTPUTS[kind].cap] : -1)));
    // Everyday on the open massager: half the vibration, two thirds of kneading, heat to 40 °C.
    expect(levels.map((level) => shadow(level).querySelector('[data-testid="level-note"]')?.textContent)).toEqual([
      `(up to ${caps?.maxVibration})`,
      `(up to ${caps?.maxKneading})`,
      '(up to 40 °C)',
    ]);
  });

  it('a raise goes to the session port as a request for that output alone, kneading with its direction', async () => {
    const { levels, asked } = await controls();
    const [vibration, kneading, heat] = levels;
    if (!vibration || !kneading || !heat) throw new Error('a control is missing');
    button(vibration, 'Raise vibration').click();
    button(kneading, 'Raise kneading').click();
    button(heat, 'Raise heat').click();
    expect(asked).toEqual([
      { type: 'set', request: { kind: 'vibration', level: vibration.value + 1 } },
      { type: 'set', request: { kind: 'kneading', speed: kneading.value + 1, direction: 'clockwise' } },
      { type: 'set', request: { kind: 'heat', level: heat.value + 1 } },
    ]);
  });
});
