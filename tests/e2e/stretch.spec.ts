import type { Page } from '@playwright/test';
import { RED_FLAG_QUESTIONS } from '../../src/core/safety/triage.js';
import { answerScreening, choosePreset, passTime, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

/**
 * The stretches after a session: optional, timed, and quick to stop. The hazards: a routine that
 * pushes someone to keep stretching through spreading leg symptoms, or that is offered right
 * after a symptom stop, when rest and the red-flag advice come first.
 */

async function connectedSimulated(page: Page): Promise<void> {
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  await choosePreset(page, 'gentle');
}

function routine(page: Page) {
  return page.getByRole('region', { name: 'Gentle stretches, if you like' });
}

test('after a completed session: each hold has a figure and a timer that counts its 20 seconds, and says to stop if a stretch hurts', async ({
  page,
}) => {
  await connectedSimulated(page);
  await startSession(page);
  await passTime(page, 10 * 60_000 + 1000);
  await expect(page.getByTestId('session-end')).toContainText('Session complete.');

  await expect(routine(page).getByTestId('stretch-warning')).toContainText('Stop at once if a stretch hurts');
  await expect(routine(page).getByTestId('stretch-warning')).toContainText('numbness or tingling spreads down your leg');
  await routine(page).getByRole('button', { name: 'Start the stretches' }).click();

  await expect(routine(page).getByRole('heading', { name: /^1 of 7: Knee hug, left leg/ })).toBeVisible();
  await expect(routine(page).getByRole('img', { name: /^Knee hug: a figure lying on its back/ })).toBeVisible();
  await expect(routine(page).getByText('Bring your left knee up')).toBeVisible();
  // The warning stays beside every hold, not only on the first screen.
  await expect(routine(page).getByTestId('stretch-warning')).toBeVisible();
  const timer = routine(page).getByTestId('stretch-timer');
  await expect(timer).toHaveText('0:20');
  await routine(page).getByRole('button', { name: 'Start the 20-second hold' }).click();
  await passTime(page, 10_000);
  await expect(timer).toHaveText('0:10');
  await expect(routine(page).getByTestId('stretch-held')).toHaveCount(0);
  await passTime(page, 10_000);
  await expect(timer).toHaveText('0:00');
  await expect(routine(page).getByTestId('stretch-held')).toHaveText('Done. Let go slowly.');

  await routine(page).getByRole('button', { name: 'Next stretch' }).click();
  await expect(routine(page).getByRole('heading', { name: /^2 of 7: Knee hug, right leg/ })).toBeVisible();
  await expect(timer).toHaveText('0:20');

  // It hurts: the routine stops at once, says to rest, and names when to get help.
  await routine(page).getByRole('button', { name: 'Start the 20-second hold' }).click();
  await passTime(page, 5_000);
  await routine(page).getByRole('button', { name: 'It hurts: stop' }).click();
  await expect(routine(page).getByTestId('stretch-stopped')).toContainText('Stretches stopped. Lie still and rest.');
  await expect(routine(page).getByTestId('stretch-timer')).toHaveCount(0);
  await passTime(page, 30_000);
  await expect(routine(page).getByRole('heading', { name: /of 7/ })).toHaveCount(0);
});

test('the stretches can be skipped, whole or one by one, and a stop by the person still offers them', async ({ page }) => {
  await connectedSimulated(page);
  await startSession(page);
  await passTime(page, 60_000);
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await expect(page.getByTestId('session-end')).toBeVisible();

  await routine(page).getByRole('button', { name: 'Start the stretches' }).click();
  for (let hold = 1; hold < 7; hold++) await routine(page).getByRole('button', { name: 'Skip this one' }).click();
  await expect(routine(page).getByRole('heading', { name: /^7 of 7: Pelvic tilt/ })).toBeVisible();
  await routine(page).getByRole('button', { name: 'Skip and finish' }).click();
  await expect(routine(page)).toContainText('That is the routine.');
  await routine(page).getByRole('button', { name: 'Close' }).click();
  await expect(routine(page)).toHaveCount(0);
  // Nothing else went with it: the ended session and its pain question are still there.
  await expect(page.getByTestId('session-end')).toBeVisible();
});

test('skipping at the offer leaves the session screen as it was', async ({ page }) => {
  await connectedSimulated(page);
  await startSession(page);
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await routine(page).getByRole('button', { name: 'Skip the stretches' }).click();
  await expect(routine(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start session' })).toBeVisible();
});

test('after a symptom stop no stretches are offered: rest and the red-flag advice come first', async ({ page }) => {
  await connectedSimulated(page);
  await startSession(page);
  await passTime(page, 60_000);
  await page.getByRole('button', { name: 'Symptoms', exact: true }).click();
  for (const question of RED_FLAG_QUESTIONS) {
    await page.getByRole('group', { name: question.question }).getByRole('radio', { name: 'No' }).check();
  }
  await page.getByRole('button', { name: 'See what to do' }).click();
  await page.getByRole('button', { name: 'I have read this' }).click();
  await expect(page.getByTestId('session-end')).toBeVisible();
  await expect(page.getByTestId('stretch-routine')).toHaveCount(0);
});
