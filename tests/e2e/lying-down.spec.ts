import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { GLOBAL_CAPS } from '../../src/core/safety/caps.js';
import { OpenMassagerFirmware } from '../../src/sim/open-massager-firmware.js';
import { answerScreening, choosePreset, connectBluetooth, journalRecords, passTime, slider, startSession } from './app.js';
import { expectAtRest, firmware, keptSession, MINUTE, pastSoftStart, SECOND, sessionStarted } from './faults.js';
import { expect, test } from './fixtures/ble.js';
import { FORM_FACTORS, type FormFactor } from './screens.js';

/**
 * A session run lying down, with a phone in one hand (or at a desk): a check-in that gets a safe
 * default when nobody answers and that is noticed wherever the person is, one screen for the
 * running session, nothing off the edge, one scale per control, and a Stop that shows whether
 * anything is running. Each runs on a phone and on a computer.
 */
const CONTROL = OPEN_MASSAGER.control;
const OPEN_MASSAGER_PROFILE = JSON.parse(
  readFileSync(new URL('../../devices/open-massager/profile.json', import.meta.url), 'utf8'),
) as object;
const ANSWER_MS = GLOBAL_CAPS.checkinAnswerMs.value;
const END_MS = GLOBAL_CAPS.checkinUnansweredEndMs.value;

/** Watches, without changing them, the page's tones and vibrations: what a person would hear or feel. */
function alertsHook(): void {
  const seen = { tones: 0, vibrations: 0 };
  (globalThis as { __alerts?: typeof seen }).__alerts = seen;
  const Oscillator = (globalThis as { OscillatorNode?: { prototype: OscillatorNode } }).OscillatorNode;
  if (Oscillator) {
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const start = Oscillator.prototype.start;
    Oscillator.prototype.start = function (this: OscillatorNode, when?: number) {
      seen.tones += 1;
      start.call(this, when);
    };
  }
  if (typeof navigator.vibrate === 'function') {
    const vibrate = navigator.vibrate.bind(navigator);
    navigator.vibrate = ((pattern: VibratePattern) => {
      seen.vibrations += 1;
      return vibrate(pattern);
    }) as typeof navigator.vibrate;
  }
}

async function alertsSeen(page: Page): Promise<{ tones: number; vibrations: number }> {
  return page.evaluate(() => (globalThis as unknown as { __alerts: { tones: number; vibrations: number } }).__alerts);
}

/** Where an element is in the window, through shadow roots, by test id or exact button text. */
async function box(page: Page, find: { testId?: string; button?: string }) {
  return page.evaluate((find) => {
    const all = (root: Document | ShadowRoot, selector: string): Element[] => {
      const found = [...root.querySelectorAll(selector)];
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...all(element.shadowRoot, selector));
      return found;
    };
    const element = find.testId
      ? all(document, `[data-testid="${find.testId}"]`)[0]
      : all(document, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === find.button);
    if (!element) return null;
    const b = element.getBoundingClientRect();
    return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, width: b.width, height: b.height };
  }, find);
}

/** The top of the dock (the latest message, Stop and Symptoms): what lies below it is hidden. */
async function dockTop(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('app-root')?.shadowRoot?.querySelector('.dock')?.getBoundingClientRect().top ?? 0);
}

for (const formFactor of Object.keys(FORM_FACTORS) as FormFactor[]) {
  test.describe(formFactor, () => {
    test.use({ ...FORM_FACTORS[formFactor] });

    test('an unanswered check-in: heat off first, then the session pauses; still unanswered, it ends as such, journaled, and nothing restarts', async ({
      page,
      ble,
    }) => {
      const { massager } = await sessionStarted(page, ble, 'everyday');
      await pastSoftStart(page, massager);
      await passTime(page, 5 * MINUTE - 31 * SECOND, massager);
      await expect(page.getByRole('heading', { name: 'How do you feel now?' })).toBeVisible();
      expect(firmware(massager).heat).toBeGreaterThan(0);
      const before = massager.writes.length;

      // Nobody answers: the person may have dozed off under the heat.
      await passTime(page, ANSWER_MS, massager);
      await expect(page.getByTestId('session-status')).toHaveText('Paused: no answer to the check-in');
      await expect.poll(() => firmware(massager).heaterEnergized).toBe(false);
      expect(firmware(massager)).toMatchObject({ vibration: 0, kneading: 0, heat: 0 });
      const control = massager.writes.slice(before).filter((w) => w.uuid === CONTROL);
      expect(control[0]?.hex, 'the first write is heat off').toBe('03 00');
      expect(control.map((w) => w.hex)).toContain('00');
      await expect(page.getByTestId('checkin-deadline')).toContainText('the heat is off and the session is paused');

      // Still nobody: the session ends, and says why.
      await passTime(page, END_MS, massager);
      await expect(page.getByTestId('session-end')).toContainText('the check-in was not answered');
      const kept = await keptSession(page);
      expect(kept.endReason).toBe('checkin-unanswered');

      // Nothing came back on by itself.
      await passTime(page, 3 * MINUTE, massager);
      expectAtRest(massager);
      expect(massager.writes.slice(before).every((w) => w.uuid !== CONTROL || w.hex === '00' || w.hex === '03 00')).toBe(true);
      expect((await journalRecords(page)).map((r) => r.endReason)).toEqual(['checkin-unanswered']);
    });

    test('a check-in is noticed wherever the page is scrolled: in view, announced at once, with the sound (and vibration) chosen, remembered', async ({
      page,
    }) => {
      await page.addInitScript(alertsHook);
      await page.goto('/');
      await answerScreening(page);
      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await choosePreset(page, 'everyday');
      await page.getByRole('checkbox', { name: 'play a sound' }).check();
      const vibrate = page.getByRole('checkbox', { name: 'vibrate the phone' });
      if (formFactor === 'phone') await vibrate.check();
      else await expect(vibrate).toHaveCount(0);
      await startSession(page);
      await passTime(page, 31_000);
      const baseline = await alertsSeen(page);

      // Looking at the controls at the bottom of the page.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await passTime(page, 5 * MINUTE - 31_000);
      const heading = page.getByRole('heading', { name: 'How do you feel now?' });
      await expect(heading).toBeInViewport({ ratio: 1 });
      const answer = page.getByRole('button', { name: 'Same', exact: true });
      await expect(answer).toBeInViewport({ ratio: 1 });
      await expect(page.getByTestId('announcer-urgent')).toContainText('Check-in: how do you feel now?');
      const seen = await alertsSeen(page);
      expect(seen.tones).toBeGreaterThan(baseline.tones);
      if (formFactor === 'phone') expect(seen.vibrations).toBeGreaterThan(baseline.vibrations);
      await answer.click();
      await expect(heading).toHaveCount(0);

      // Remembered in this browser.
      await page.getByRole('button', { name: 'STOP', exact: true }).click();
      await page.reload();
      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await expect(page.getByRole('checkbox', { name: 'play a sound' })).toBeChecked();
      if (formFactor === 'phone') await expect(page.getByRole('checkbox', { name: 'vibrate the phone' })).toBeChecked();
    });

    test('a running session is one screen: the countdown, the three controls and STOP fit without scrolling, the presets fold to the one chosen, guidance opens without pushing the session away', async ({
      page,
    }) => {
      await page.goto('/');
      await answerScreening(page);
      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await choosePreset(page, 'everyday');
      await startSession(page);
      await passTime(page, 31_000);
      await expect(page.getByTestId('session-status')).toHaveText('Running');
      await page.evaluate(() => window.scrollTo(0, 0));

      const bottom = await dockTop(page);
      const height = page.viewportSize()?.height ?? 0;
      const wanted: { testId?: string; button?: string }[] = [
        { testId: 'session-time' },
        { button: 'Pause' },
        ...['vibration', 'kneading', 'heat'].flatMap((name) => [{ button: `Lower ${name}` }, { button: `Raise ${name}` }]),
      ];
      const cut: string[] = [];
      for (const find of wanted) {
        const b = await box(page, find);
        if (!b || b.top < 0 || b.bottom > bottom) cut.push(`${find.testId ?? find.button} at ${b ? Math.round(b.top) : 'nowhere'}`);
      }
      const stop = await box(page, { button: 'STOP' });
      if (!stop || stop.bottom > height) cut.push('STOP');
      for (const name of ['Vibration', 'Kneading', 'Heat'] as const) await expect(slider(page, name)).toBeInViewport({ ratio: 1 });
      expect(cut, `not on the first screen (the dock starts at ${Math.round(bottom)})`).toEqual([]);

      // Presets: only the one in use.
      await expect(page.getByRole('radio', { name: /First use|Warmth only|Leg-symptom|Reduced sensation/ })).toHaveCount(0);
      await expect(page.getByTestId('preset-folded')).toHaveText(/Everyday relief/);

      // Guidance opens without moving the session.
      const timeBefore = await box(page, { testId: 'session-time' });
      const guidance = page.getByRole('complementary', { name: 'Guidance' });
      if (formFactor === 'phone') {
        await guidance.getByRole('button', { name: /^Guidance/ }).click();
        await expect(guidance.getByRole('button', { name: /^Hide guidance/ })).toBeVisible();
      } else {
        // Dispatched, not clicked: Playwright's click first scrolls the window to bring the list's
        // end into view, and this checks what the app itself does when guidance opens.
        await guidance.getByText(/^All guidance/).dispatchEvent('click');
        await guidance
          .getByRole('navigation', { name: 'All guidance' })
          .getByRole('button', { name: 'Careful heat' })
          .dispatchEvent('click');
        await expect(guidance.getByRole('heading', { name: 'Careful heat' })).toBeVisible();
      }
      const scrolled = await page.evaluate(() => window.scrollY);
      const timeAfter = await box(page, { testId: 'session-time' });
      expect((timeAfter?.top ?? 0) + scrolled, 'the countdown stays where it was in the page').toBeCloseTo(timeBefore?.top ?? -1, 0);
      if (formFactor === 'desktop') await expect(page.getByTestId('session-time')).toBeInViewport({ ratio: 1 });
    });

    test('one scale: the slider spans what the massager can do, its thumb stops at what the preset allows, and the label says all three', async ({
      page,
      ble,
    }) => {
      const { massager } = await sessionStarted(page, ble, 'everyday');
      await pastSoftStart(page, massager);
      // Everyday relief on this massager: vibration up to 5 of its 10 levels.
      const vibration = slider(page, 'Vibration');
      await expect(vibration).toHaveAttribute('max', '10');
      await vibration.focus();
      await page.keyboard.press('End');
      await expect(vibration).toHaveValue('5');
      await expect(vibration).toHaveAttribute('aria-valuetext', 'Level 5 of 10');
      await expect(vibration).toHaveAccessibleDescription('(up to 5)');
      await expect.poll(() => firmware(massager).vibration).toBe(5);
      // The track: filled to the level, which is where the preset's part ends; the rest is out of reach.
      const track = await vibration.evaluate((input) => ({
        fill: input.style.getPropertyValue('--fill'),
        cap: input.style.getPropertyValue('--cap'),
      }));
      expect(track).toEqual({ fill: '50%', cap: '50%' });
      // The thumb sits half-way along: the slider does not look full at half the massager's range.
      const thumbAt = await vibration.evaluate((input: HTMLInputElement) => {
        const b = input.getBoundingClientRect();
        return (Number(input.value) / Number(input.max)) * b.width;
      });
      const width = (await vibration.boundingBox())?.width ?? 0;
      expect(thumbAt / width).toBeCloseTo(0.5, 1);
    });

    test('STOP shows whether anything is running, in the same place and size, and still stops', async ({ page }) => {
      await page.goto('/');
      await answerScreening(page);
      const stop = page.getByRole('button', { name: 'STOP', exact: true });
      await expect(page.getByTestId('stop-state')).toHaveText('Nothing running.');
      await expect(stop).toHaveAccessibleDescription('Nothing running.');
      await page.evaluate(() => window.scrollTo(0, 0));
      const idle = { box: await box(page, { button: 'STOP' }), colour: await stop.evaluate((b) => getComputedStyle(b).backgroundColor) };

      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await choosePreset(page, 'everyday');
      await startSession(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await expect(page.getByTestId('stop-state')).toHaveText('Running now.');
      await expect(stop).toHaveAccessibleDescription('Running now.');
      const running = { box: await box(page, { button: 'STOP' }), colour: await stop.evaluate((b) => getComputedStyle(b).backgroundColor) };
      expect(running.colour).not.toBe(idle.colour);
      // Where the thumb rests, and as large: the same whatever is running.
      for (const side of ['bottom', 'left', 'width', 'height'] as const) expect(running.box?.[side]).toBeCloseTo(idle.box?.[side] ?? -1, 0);

      await stop.click();
      await expect(page.getByTestId('stop-state')).toHaveText('Nothing running.');
    });

    test('a control given focus is not left under the pinned Guidance bar', async ({ page }) => {
      await page.goto('/');
      await answerScreening(page);
      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await choosePreset(page, 'everyday');
      const start = page.getByRole('button', { name: 'Start session' });
      // Scrolled so that Start sits at the very top of the window, where the bar is pinned on a phone.
      await start.evaluate((button) => window.scrollBy(0, button.getBoundingClientRect().top - 4));
      await start.focus();
      const covered = await start.evaluate((button) => {
        const b = button.getBoundingClientRect();
        const bar = document.querySelector('app-root')?.shadowRoot?.querySelector('aside')?.getBoundingClientRect();
        // Only a bar over the button's column, at or above it in the window, can cover it.
        return bar !== undefined && bar.left < b.right && bar.right > b.left && bar.top <= b.top && bar.bottom > b.top;
      });
      expect(covered).toBe(false);
    });

    test('small faults: no tab claims the care advice, "Everything is off." is said once, the direction readback keeps to its own line', async ({
      page,
    }) => {
      await page.goto('/');
      await answerScreening(page);
      await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
      await choosePreset(page, 'everyday');
      await startSession(page);
      await passTime(page, 31_000);
      // The direction the massager reports: one line, below the two choices, not wrapped between them.
      const readback = page.getByText('Massager reports: clockwise');
      await expect(readback).toBeVisible();
      const lines = await readback.evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
      expect(lines).toBeLessThan(1.5);
      const counter = await page.getByText('Counterclockwise', { exact: true }).boundingBox();
      const read = await readback.boundingBox();
      expect(read?.y ?? 0).toBeGreaterThanOrEqual((counter?.y ?? 0) + (counter?.height ?? 0) - 1);

      const tabs = page.getByRole('navigation', { name: 'Sections' });
      await tabs.getByRole('button', { name: 'History' }).click();
      await page.getByRole('button', { name: 'Symptoms', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Everything is off. A few questions' })).toBeVisible();
      await expect(page.getByTestId('announcer-polite')).toContainText('Everything is off.');
      const said = (await page.getByTestId('announcer-polite').textContent()) ?? '';
      expect(said.split('Everything is off.').length - 1, said).toBe(1);
      await expect(tabs.getByRole('button', { name: 'History' })).toHaveAttribute('aria-current', 'false');
      for (const question of await page
        .getByRole('group')
        .filter({ has: page.getByRole('radio', { name: 'No' }) })
        .all()) {
        await question.getByRole('radio', { name: 'No' }).check();
      }
      await page.getByRole('button', { name: 'See what to do' }).click();
      await expect(page.getByRole('button', { name: 'I have read this' })).toBeVisible();
      await expect(tabs.getByRole('button', { name: 'History' })).toHaveAttribute('aria-current', 'false');
    });
    test('words from outside the app, each one long word (a massager’s name and firmware, a profile’s name, a file’s name), never push the page sideways', async ({
      page,
      ble,
    }) => {
      // The narrowest phone the walk checks; on a computer, its own width, where the words sit in columns.
      const width = formFactor === 'phone' ? 320 : FORM_FACTORS.desktop.viewport.width;
      await page.setViewportSize({ width, height: FORM_FACTORS[formFactor].viewport.height });
      const wide: string[] = [];
      const measure = async (where: string) => {
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) wide.push(`${where}: ${scrollWidth} px`);
      };
      // A Bluetooth name may be up to 248 bytes, and the firmware revision up to the 64 the app reads.
      const name = `Massager${'X'.repeat(92)}`;
      const massager = await ble.addPeripheral({
        name,
        firmware: new OpenMassagerFirmware({ now: performance.now(), name, firmwareRevision: `v1.0.0-${'b'.repeat(57)}` }),
      });
      await page.goto('/');
      await answerScreening(page);

      const longFile = `${'my_massager_backup_'.repeat(6)}.json`;
      const profile = {
        ...OPEN_MASSAGER_PROFILE,
        id: 'my-massager',
        name: `My${'M'.repeat(58)}`,
        extends: 'open-massager',
      };
      await page
        .getByLabel('Import a profile (JSON)')
        .setInputFiles({ name: longFile, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(profile)) });
      await expect(page.getByTestId('profile-outcome')).toContainText('Imported');
      await expect(page.getByRole('list', { name: 'Imported profiles' })).toBeVisible();
      await measure('a profile imported');
      await page
        .getByLabel('Import a profile (JSON)')
        .setInputFiles({ name: longFile, mimeType: 'application/json', buffer: Buffer.from('{') });
      await expect(page.getByTestId('profile-outcome')).toContainText('was not imported');
      await measure('a profile refused');

      await connectBluetooth(page, name);
      await expect(page.getByText(`v1.0.0-${'b'.repeat(57)}`)).toBeVisible();
      await measure('connected');
      await choosePreset(page, 'everyday');
      await startSession(page);
      await pastSoftStart(page, massager);
      await measure('a session running');
      // However long the name, the running session keeps its status to two lines.
      const lines = await page
        .getByTestId('connection-state')
        .evaluate((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
      expect(lines).toBeLessThan(2.5);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await expect(page.getByRole('button', { name: `Reconnect ${name}` })).toBeVisible();
      await measure('offered again to reconnect');

      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
      await page.getByLabel('Import JSON').setInputFiles({ name: longFile, mimeType: 'application/json', buffer: Buffer.from('{') });
      await expect(page.getByTestId('data-message')).toBeVisible();
      await measure('a journal file refused');
      expect(wide, `wider than the ${width} px window`).toEqual([]);
    });
  });
}

// Nothing scrolls sideways (item 3): checked on every screen, at 320, 360 and 390 px and on a
// computer, by the screen walk in accessibility.spec.ts; words from outside the app, above.
