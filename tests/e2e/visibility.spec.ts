import { answerScreening, choosePreset, hideTab, passTime, showTab, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

const MINUTE = 60_000;

/**
 * A phone screen that went dark, or a tab left in the background: the page's timers stop. When
 * the person looks again, the page must show the real time left (or that the session ended) at
 * once, not after its next timer happens to fire. The simulated massager runs in the page, on the
 * same stopped timers, so no report from it can wake the page: only being shown can.
 */
test('a tab shown again after its timers stopped catches up at once: the countdown and the end are up to date before any timer fires', async ({
  page,
}) => {
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  await choosePreset(page, 'gentle');
  await startSession(page);
  await passTime(page, 31_000);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  const countdown = page.locator('app-session-panel').getByText(/^\d+:\d{2}$/);
  await expect(countdown).toHaveText('9:29');
  const hiddenAt = await page.evaluate(() => Date.now());

  await hideTab(page);
  // No timer runs from here on: only the wall clock moves.
  await page.clock.pauseAt(hiddenAt + 100);
  await page.clock.setSystemTime(hiddenAt + 4 * MINUTE);
  await expect(countdown).toHaveText('9:29');
  await showTab(page);
  // Gentle relief runs ten minutes: four of the nine and a half left have passed.
  await expect(countdown).toHaveText('5:29');

  await hideTab(page);
  await page.clock.setSystemTime(hiddenAt + 11 * MINUTE);
  await showTab(page);
  await expect(page.getByTestId('session-end')).toContainText('Session complete.');
  await page.clock.resume();
  await passTime(page, 1000);
  await expect(page.getByTestId('fw-vibration')).toHaveText('0');
});
