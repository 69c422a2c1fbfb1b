import { answerScreening, passTime } from './app.js';
import { expect, test, type Page } from './fixtures/ble.js';

/** The element that has focus, through the shadow roots, as "role: name" (roughly what a screen reader says). */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return '';
    const text = (element.getAttribute('aria-label') ?? element.textContent).trim().replace(/\s+/g, ' ');
    return `${element.tagName.toLowerCase()}: ${text.slice(0, 40)}`;
  });
}

/** Presses Tab until `target` has focus, at most `limit` times: whether the keyboard gets there. */
async function tabTo(page: Page, target: string, limit = 60): Promise<boolean> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).startsWith(target)) return true;
  }
  return false;
}

/** The simulated firmware's own vibration level: what the motor does, whatever the page shows. */
async function firmwareVibration(page: Page): Promise<number | undefined> {
  return page.evaluate(() => document.querySelector('app-root')?.services.simulator$.value?.snapshot().vibration);
}

/**
 * Someone who cannot use a pointer (or a screen reader user) runs a whole session from the
 * keyboard: every step reachable with Tab and worked with Enter, Space and the arrows, and Escape
 * stops wherever focus happens to be.
 */
test('a whole session from the keyboard alone: connect, choose, start, turn up, and Escape stops from the guidance panel', async ({
  page,
}) => {
  await page.goto('/');
  await answerScreening(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('body').focus();

  expect(await tabTo(page, 'button: Connect the simulated massager')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');

  expect(await tabTo(page, 'button: Start session')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('session-status')).toContainText(/Soft start|Running/);

  expect(await tabTo(page, 'input:')).toBe(true); // the first level slider
  const vibration = page.getByRole('slider', { name: 'Vibration' });
  await expect(vibration).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(vibration).toHaveValue('1');
  await passTime(page, 31_000);
  await expect.poll(() => firmwareVibration(page)).toBe(1);

  // Stop is reachable by Tab too, not only by its shortcut.
  expect(await tabTo(page, 'button: STOP')).toBe(true);

  // Focus deep in the guidance panel: Escape still stops everything.
  const guidance = page.getByRole('complementary', { name: 'Guidance' });
  await guidance.getByText(/^All guidance/).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('session-end')).toContainText('Stopped.');
  await expect.poll(() => firmwareVibration(page)).toBe(0);
});

test('Symptoms from the keyboard stops everything and puts focus on the first question, so a screen reader reads it next', async ({
  page,
}) => {
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await page.getByRole('button', { name: 'Start session' }).click();
  await passTime(page, 31_000);
  await expect.poll(() => firmwareVibration(page)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Symptoms', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Everything is off. A few questions' })).toBeFocused();
  await expect.poll(() => firmwareVibration(page)).toBe(0);
});
