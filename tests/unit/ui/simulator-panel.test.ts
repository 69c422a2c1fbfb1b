// @vitest-environment happy-dom
import { BehaviorSubject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SimulatorControls } from '../../../src/app/simulator-port.js';
import type { FirmwareFault } from '../../../src/sim/firmware-base.js';
import { startSimulator } from '../../../src/sim/firmware-for.js';
import '../../../src/ui/components/app-simulator-panel.js';
import { button, mounted, shadow } from './dom.js';

/** A port onto a real simulated firmware, recording what the panel asks of it. */
function port(family: 'open-massager-v1' | 'uart-text-v1' | 'diy-board-v1') {
  const running = startSimulator(family, { now: 0 });
  const asked = { dropLink: 0, faults: [] as FirmwareFault[], button: 0 };
  const controls: SimulatorControls = {
    active$: new BehaviorSubject(true),
    view: () => running.view(),
    inject: (fault) => asked.faults.push(fault),
    dropLink: () => {
      asked.dropLink++;
    },
    hasButton: () => running.setButton !== undefined,
    pressButton: () => {
      asked.button++;
    },
  };
  return { controls, asked, running };
}

async function panel(controls: SimulatorControls) {
  vi.useFakeTimers();
  const element = document.createElement('app-simulator-panel');
  // The panel is given nothing but the simulator port.
  element.simulator = controls;
  await mounted(element);
  await vi.advanceTimersByTimeAsync(300);
  await element.updateComplete;
  return element;
}

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('the simulator panel reaches the massager through its port only', () => {
  it('shows each family’s own rows: the open massager’s session, the UART massager’s last line', async () => {
    const open = await panel(port('open-massager-v1').controls);
    const openRows = [...shadow(open).querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(openRows).toEqual(['Session armed', 'Vibration', 'Kneading', 'Heat level', 'Heater', 'Battery', 'Last stop']);
    expect(shadow(open).querySelector('[data-testid="fw-kneading"]')?.textContent).toBe('0 (clockwise)');
    document.body.replaceChildren();
    vi.useRealTimers();
    const uart = await panel(port('uart-text-v1').controls);
    const uartRows = [...shadow(uart).querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(uartRows).toEqual(['Vibration', 'Heat setpoint', 'Last line heard', 'Heater', 'Battery', 'Last stop']);
    expect(shadow(uart).querySelector('[data-testid="fw-heat"]')?.textContent).toBe('off');
  });

  it('Drop the link and the fault buttons go to the port', async () => {
    const { controls, asked } = port('open-massager-v1');
    const element = await panel(controls);
    button(element, 'Drop the link').click();
    button(element, 'Heater runaway').click();
    button(element, 'Flat battery').click();
    expect(asked).toEqual({ dropLink: 1, faults: [{ kind: 'heater-runaway' }, { kind: 'battery', percent: 4 }], button: 0 });
    // A massager without a STOP button of its own offers none to press.
    expect(shadow(element).querySelector('[data-testid="board-stop-button"]')).toBeNull();
  });

  it('the DIY board shows what each output pin does, and its own STOP button goes to the port', async () => {
    const { controls, asked } = port('diy-board-v1');
    const element = await panel(controls);
    const rows = [...shadow(element).querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(rows).toEqual(expect.arrayContaining(['Vibration pin (D9)', 'Kneading pin (D10)', 'Heater gate (D3)', 'STOP button (D4)']));
    expect(shadow(element).querySelector('[data-testid="fw-vibration"]')?.textContent).toBe('0 % duty');
    button(element, 'Press the board’s STOP button').click();
    expect(asked.button).toBe(1);
  });

  it('shows nothing while no simulated massager is connected', async () => {
    const { controls } = port('open-massager-v1');
    const element = await panel({ ...controls, active$: new BehaviorSubject(false) });
    expect(shadow(element).querySelector('details')).toBeNull();
  });
});
