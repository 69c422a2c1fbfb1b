import type { Page } from '@playwright/test';
import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { RED_FLAG_QUESTIONS, type RedFlagId } from '../../src/core/safety/triage.js';
import { journalRecords, passTime, setSlider, slider } from './app.js';
import { expectAtRest, firmware, MINUTE, pastSoftStart, SECOND, sessionStarted } from './faults.js';
import { expect, test } from './fixtures/ble.js';

/**
 * The safety core's whole path in real Chromium: the check-in that finds a worse symptom, the
 * stop that goes out before anything else, the red-flag questions and the care they lead to; and
 * the caps, which hold however a control is pushed past them.
 */
const CONTROL = OPEN_MASSAGER.control;

async function answerRedFlags(page: Page, yes: readonly RedFlagId[]): Promise<void> {
  for (const question of RED_FLAG_QUESTIONS) {
    await page
      .getByRole('group', { name: question.question })
      .getByRole('radio', { name: yes.includes(question.id) ? 'Yes' : 'No' })
      .check();
  }
  await page.getByRole('button', { name: 'See what to do' }).click();
}

test('a check-in answered "numbness or tingling": the stop is the next write at the massager, then the red-flag questions send the person to emergency care and lock the massager out', async ({
  page,
  ble,
}) => {
  const { massager } = await sessionStarted(page, ble, 'everyday');
  await pastSoftStart(page, massager);

  // Everyday relief checks in every five minutes.
  await passTime(page, 5 * MINUTE, massager);
  await expect(page.getByRole('heading', { name: 'How do you feel now?' })).toBeVisible();
  expect(firmware(massager).vibration).toBeGreaterThan(0);
  const before = massager.writes.length;

  await page.getByRole('button', { name: 'Numbness or tingling' }).click();

  await expect.poll(() => massager.writes.slice(before).map((w) => w.hex)[0]).toBe('00');
  expect(massager.writes[before]?.uuid).toBe(CONTROL);
  expectAtRest(massager);
  await expect(page.getByRole('heading', { name: 'Everything is off. A few questions' })).toBeVisible();

  await answerRedFlags(page, ['saddle-numbness']);

  await expect(page.getByRole('heading', { name: 'Get emergency care now' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'I have read this' }).click();
  // Locked out: no new session can be started, and nothing but stops ever followed the symptom.
  await expect(page.getByRole('button', { name: 'Start session' })).toBeDisabled();
  await expect(page.getByTestId('start-refusal')).toBeVisible();
  await passTime(page, MINUTE, massager);
  expect(massager.writes.slice(before).every((w) => w.hex === '00')).toBe(true);
  expectAtRest(massager);
  await expect.poll(async () => (await journalRecords(page)).map((r) => r.endReason)).toEqual(['symptom']);
});

test('a check-in answered "same" keeps the session running, and no red-flag answer means no lock', async ({ page, ble }) => {
  const { massager } = await sessionStarted(page, ble, 'gentle');
  await pastSoftStart(page, massager);
  await passTime(page, 5 * MINUTE, massager);

  await page.getByRole('button', { name: 'Same', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'How do you feel now?' })).toHaveCount(0);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  expect(firmware(massager).vibration).toBeGreaterThan(0);

  // A symptom reported from the button, with no warning sign in the answers: routine care, no lock.
  await page.getByRole('button', { name: 'Symptoms' }).click();
  await expect.poll(() => firmware(massager).vibration).toBe(0);
  await answerRedFlags(page, []);
  await expect(page.getByRole('heading', { name: 'No warning signs in your answers' })).toBeVisible();
  await page.getByRole('button', { name: 'I have read this' }).click();
  await expect(page.getByTestId('start-refusal')).not.toContainText(/emergency|locked/i);
});

test('pushing a control past its cap, by slider, keyboard, or script, puts nothing over the cap on the wire', async ({ page, ble }) => {
  // First use / Gentle on this massager: vibration up to 3 of 10, kneading up to 1 of 3, heat up to 38 °C (level 2).
  const { massager } = await sessionStarted(page, ble, 'gentle');
  await pastSoftStart(page, massager);
  const before = massager.writes.length;

  // The slider, dragged to its end.
  await setSlider(page, 'Vibration', 10);
  await setSlider(page, 'Heat', 3);
  // The keyboard: End, then the arrows and the raise buttons, well past the end.
  await slider(page, 'Kneading').focus();
  await page.keyboard.press('End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.getByRole('button', { name: 'Raise vibration' }).click({ force: true });
  // A script: widen the slider's range in the page and push it to the top, then ask the
  // component's own event for more than the massager has.
  await page.evaluate(() => {
    const controls = document.querySelector('app-root')?.shadowRoot?.querySelector('app-output-controls')?.shadowRoot;
    for (const level of controls?.querySelectorAll('app-level-control') ?? []) {
      const input = level.shadowRoot?.querySelector('input');
      if (!input) continue;
      input.max = '20';
      input.value = '20';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      level.dispatchEvent(new CustomEvent('level-change', { detail: { level: 99 }, bubbles: true, composed: true }));
    }
  });
  await passTime(page, 5 * SECOND, massager);

  const levels = massager.writes.slice(before).map((w) => w.bytes);
  expect(levels.length).toBeGreaterThan(0);
  for (const bytes of levels) {
    const [opcode, level] = bytes;
    if (opcode === 0x01) expect(level, 'vibration').toBeLessThanOrEqual(3);
    if (opcode === 0x02) expect(level, 'kneading').toBeLessThanOrEqual(1);
    if (opcode === 0x03) expect(level, 'heat').toBeLessThanOrEqual(2);
  }
  expect(firmware(massager)).toMatchObject({ vibration: 3, kneading: 1, heat: 2 });
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  // The page says what it did with the request rather than sending it.
  await expect(page.getByText(/up to 3/).first()).toBeVisible();
});
