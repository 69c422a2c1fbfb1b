// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/ui/components/app-level-control.js';
import type { AppLevelControl, LevelChange } from '../../../src/ui/components/app-level-control.js';
import { button, mounted, shadow } from './dom.js';

async function control(props: Partial<Pick<AppLevelControl, 'value' | 'max' | 'reported' | 'disabled'>> = {}) {
  const element = document.createElement('app-level-control');
  Object.assign(element, { label: 'Vibration', max: 5, steps: 10, value: 2, ...props });
  const asked: number[] = [];
  element.addEventListener('level-change', (event: CustomEvent<LevelChange>) => asked.push(event.detail.level));
  return { element: await mounted(element), asked };
}

function slider(element: AppLevelControl): HTMLInputElement {
  const input = shadow(element).querySelector('input[type="range"]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no slider');
  return input;
}

afterEach(() => document.body.replaceChildren());

describe('the level control asks, it never decides', () => {
  it('− and + ask for one level down and one up from what is set, and change nothing themselves', async () => {
    const { element, asked } = await control({ value: 2 });
    button(element, 'Raise vibration').click();
    button(element, 'Lower vibration').click();
    expect(asked).toEqual([3, 1]);
    expect(element.value).toBe(2);
  });

  it('a dragged slider asks for the level under the thumb', async () => {
    const { element, asked } = await control({ value: 0 });
    const input = slider(element);
    input.value = '4';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(asked).toEqual([4]);
  });

  it('cannot ask past the session’s top level or below off: + and − are disabled at the ends', async () => {
    const atTop = await control({ value: 5, max: 5 });
    expect(button(atTop.element, 'Raise vibration').disabled).toBe(true);
    // One scale (issue 13): the track is the massager's whole range, and a drag past the
    // session's top level goes back to it and asks for no more.
    const track = slider(atTop.element);
    expect(track.max).toBe('10');
    track.value = '8';
    track.dispatchEvent(new Event('input', { bubbles: true }));
    expect(atTop.asked).toEqual([5]);
    expect(track.value).toBe('5');
    const atOff = await control({ value: 0 });
    expect(button(atOff.element, 'Lower vibration').disabled).toBe(true);
    button(atOff.element, 'Lower vibration').click();
    expect(atOff.asked).toEqual([]);
  });

  it('a disabled control (no session, or a stop in force) asks for nothing', async () => {
    const { element, asked } = await control({ disabled: true });
    expect(slider(element).disabled).toBe(true);
    button(element, 'Raise vibration').click();
    expect(asked).toEqual([]);
  });

  it('shows what the massager reports, and says so when it has not reported yet', async () => {
    const { element } = await control({ value: 3, reported: null });
    expect(shadow(element).querySelector('.readback')?.textContent).toContain('Massager has not reported yet.');
    element.reported = 1;
    await element.updateComplete;
    expect(shadow(element).querySelector('.readback')?.textContent).toContain('Massager reports: Level 1 of 10');
    // A screen reader hears the level asked for, in words.
    expect(slider(element).getAttribute('aria-valuetext')).toBe('Level 3 of 10');
  });
});
