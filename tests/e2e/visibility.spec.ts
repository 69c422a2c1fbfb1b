import { answerScreening, choosePreset, hideAndFreeze, hideTab, passTime, showTab, startSession } from './app.js';
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
  // Exactly 31 s after the session's start by the page's own clock, however long the steps above
  // took on this machine.
  const { startedAt, now } = await page.evaluate(() => {
    const services = document.querySelector('app-root')?.services;
    return { startedAt: services?.session.state.session?.startedAt ?? 0, now: services?.clock.now() ?? 0 };
  });
  await passTime(page, startedAt + 31_000 - now);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  const countdown = page.locator('app-session-panel').getByText(/^\d+:\d{2}$/);
  await expect(countdown).toHaveText('9:29');

  // No timer runs from here on: only the wall clock moves.
  const hiddenAt = await hideAndFreeze(page, 100);
  // What the page counts at the moment it stopped, read with one look (being shown makes it
  // catch up; nothing moves while the clock stands still). Every figure below is counted from
  // it, so none depends on how long the steps above took.
  await showTab(page);
  const atHiding = seconds(await countdown.innerText());
  expect(atHiding).toBeGreaterThan(9 * 60);
  await hideTab(page);
  await page.clock.setSystemTime(hiddenAt + 4 * MINUTE);
  await expect(countdown).toHaveText(clock(atHiding));
  await showTab(page);
  // Gentle relief runs ten minutes: four of the nine and a half left have passed.
  await expect(countdown).toHaveText(clock(atHiding - 4 * 60));

  await hideTab(page);
  await page.clock.setSystemTime(hiddenAt + 11 * MINUTE);
  await showTab(page);
  await expect(page.getByTestId('session-end')).toContainText('Session complete.');
  await page.clock.resume();
  await passTime(page, 1000);
  await expect(page.getByTestId('fw-vibration')).toHaveText('0');
});

/** "9:29" as seconds, and back. */
function seconds(countdown: string): number {
  const [minutes, secs] = countdown.split(':').map(Number);
  return (minutes ?? 0) * 60 + (secs ?? 0);
}

function clock(total: number): string {
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
