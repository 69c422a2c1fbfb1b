import { answerScreening, choosePreset, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

const MINUTE = 60_000;

/**
 * Someone who cannot look at the screen (lying face down, or using a screen reader) hears what
 * happens: connected, started, the level they settled on, the time left now and then, and when
 * everything stopped, with why. The live regions are what assistive technology reads.
 */
test('the live region says connected, started, the level settled on, the time left, and stopped with why', async ({ page }) => {
  const polite = page.getByTestId('announcer-polite');
  const urgent = page.getByTestId('announcer-urgent');
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(polite).toHaveText('Easeback Sim connected.');
  await choosePreset(page, 'everyday');
  await startSession(page);
  await expect(polite).toContainText('Session started.');
  await passTime(page, 31_000);

  // A drag is spoken once, at its end.
  await setSlider(page, 'Vibration', 2);
  await setSlider(page, 'Vibration', 1);
  await passTime(page, 1500);
  await expect(polite).toHaveText('Vibration at 1.');

  // Everyday relief: 15 minutes. At 10 left, the first check-in falls due too: both are said.
  await passTime(page, 5 * MINUTE - 32_500);
  await expect(polite).toHaveText('10 minutes left. Check-in: how do you feel now?');
  await page.getByRole('button', { name: 'Same', exact: true }).click();

  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await expect(urgent).toHaveText('Stopped. Everything is off.');
  await expect(polite).toHaveText('Stopped. Everything is off.');
});
