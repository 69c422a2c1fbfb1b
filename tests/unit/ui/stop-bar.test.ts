// @vitest-environment happy-dom
import { BehaviorSubject, Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionPort } from '../../../src/app/ports.js';
import { initialState } from '../../../src/core/session/machine.js';
import '../../../src/ui/components/app-stop-bar.js';
import { button, mounted } from './dom.js';
import { quietDeviceView } from './device-view.js';

/** The bar with a session that only counts its stops and symptoms. */
async function bar() {
  const calls = { stops: 0, symptoms: 0 };
  const session: SessionPort = {
    state$: new BehaviorSubject(initialState()),
    state: initialState(),
    notices$: new Subject(),
    stop: () => {
      calls.stops++;
    },
    dispatch: () => {
      calls.symptoms++;
    },
  };
  const element = document.createElement('app-stop-bar');
  const device = quietDeviceView();
  // The bar is given only the session port and the device view. It uses the session's stop and
  // dispatch, and reads whether anything runs (state and the device's report) only to look
  // different: nothing here is running.
  element.session = session;
  element.device = device;
  return { stop: button(await mounted(element), 'STOP'), symptoms: button(element, 'Symptoms'), calls };
}

function at<E extends Event>(event: E, timeStamp: number): E {
  Object.defineProperty(event, 'timeStamp', { value: timeStamp });
  return event;
}

const press = (timeStamp: number, button = 0) => at(new PointerEvent('pointerdown', { button, bubbles: true, composed: true }), timeStamp);
const click = (timeStamp: number) => at(new MouseEvent('click', { bubbles: true, composed: true }), timeStamp);

afterEach(() => document.body.replaceChildren());

describe('the stop bar stops once per press, on the first sign of it', () => {
  it('a finger landing stops at once; the click that follows the same press sends no second stop', async () => {
    const { stop, calls } = await bar();
    stop.dispatchEvent(press(1000));
    expect(calls.stops).toBe(1);
    stop.dispatchEvent(click(1120));
    expect(calls.stops).toBe(1);
  });

  it('a keyboard (a click with no pointer-down) stops', async () => {
    const { stop, calls } = await bar();
    stop.dispatchEvent(click(5000));
    expect(calls.stops).toBe(1);
  });

  it('a click long after the last press is a new press and stops again', async () => {
    const { stop, calls } = await bar();
    stop.dispatchEvent(press(1000));
    stop.dispatchEvent(click(1100));
    stop.dispatchEvent(click(2500));
    expect(calls.stops).toBe(2);
  });

  it('every new finger press stops, however close together', async () => {
    const { stop, calls } = await bar();
    stop.dispatchEvent(press(1000));
    stop.dispatchEvent(press(1050));
    expect(calls.stops).toBe(2);
  });

  it('a right-button press does not count as the press: its click still stops', async () => {
    const { stop, calls } = await bar();
    stop.dispatchEvent(press(1000, 2));
    expect(calls.stops).toBe(0);
    stop.dispatchEvent(click(1050));
    expect(calls.stops).toBe(1);
  });

  it('Symptoms reports a symptom and is not taken for a stop press', async () => {
    const { symptoms, calls } = await bar();
    symptoms.click();
    expect(calls).toEqual({ stops: 0, symptoms: 1 });
  });
});
