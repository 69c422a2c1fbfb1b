import type { Page } from '@playwright/test';
import { answerScreening } from './app.js';
import { expect, test } from './fixtures/ble.js';

/**
 * Help on the way to a real massager. The hazards: someone buys or fiddles with a massager
 * Easeback can never reach because the page promised too much, or gives up at an empty chooser
 * for want of the one step their system needs.
 */

async function openHelp(page: Page, button: 'Which massagers work?' | 'Help with pairing'): Promise<void> {
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('region', { name: 'Connect your massager' }).getByRole('button', { name: button }).click();
  await expect(page.getByRole('heading', { level: 2, name: button })).toBeFocused();
}

test('Which massagers work? names the DIY board, the documented protocols and profiles, and says most shop massagers cannot be used', async ({
  page,
}) => {
  await openHelp(page, 'Which massagers work?');
  const help = page.locator('app-help');
  await expect(help.getByRole('heading', { name: 'A board you can build' })).toBeVisible();
  await expect(help).toContainText('docs/hardware/README.md');
  await expect(help).toContainText('devices/open-massager/PROTOCOL.md');
  await expect(help).toContainText('devices/uart-massager/PROTOCOL.md');
  await expect(help).toContainText('devices/README.md');
  await expect(help).toContainText('Most massagers on sale have no open Bluetooth protocol');
  await expect(help).toContainText('will not guess at their commands');
  await help.getByRole('button', { name: 'Back to the session screen' }).click();
  await expect(page.getByRole('button', { name: 'Connect the simulated massager' })).toBeVisible();
});

const SYSTEMS = [
  { name: 'Android', note: 'find nearby devices' },
  { name: 'Windows', note: 'Bluetooth & devices' },
  { name: 'macOS', note: 'Privacy & Security' },
  { name: 'ChromeOS', note: 'Quick Settings' },
  { name: 'Linux', note: 'under Advanced' },
] as const;

test('pairing help walks each system through the same five pictured steps, with what differs on that system', async ({ page }) => {
  await openHelp(page, 'Help with pairing');
  const help = page.locator('app-help');
  for (const { name, note } of SYSTEMS) {
    await help.getByRole('radio', { name }).check();
    const steps = help.getByRole('list', { name: `Steps for ${name}` }).getByTestId('pairing-step');
    await expect(steps).toHaveCount(5);
    await expect(steps.getByRole('heading')).toHaveText([
      '1. Switch the massager on',
      '2. Keep it in range',
      '3. Turn Bluetooth on, then press Connect',
      '4. Pick it in the chooser',
      '5. If it does not appear',
    ]);
    // Every step has its picture, named for a screen reader.
    for (const step of await steps.all()) await expect(step.getByRole('img')).toHaveAccessibleName(/\w{4,}/);
    await expect(help.getByTestId('platform-note').first()).toBeVisible();
    await expect(help).toContainText(note);
  }
  await expect(help.getByRole('img', { name: /chooser window/ })).toBeVisible();
  await expect(help).toContainText('Is its own app, or another phone, still connected to it?');
});

test('pairing help starts on the system the browser says it runs on', async ({ browser, baseURL }) => {
  const context = await browser.newContext({
    baseURL: baseURL ?? 'http://localhost',
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
  });
  try {
    const page = await context.newPage();
    await openHelp(page, 'Help with pairing');
    await expect(page.locator('app-help').getByRole('radio', { name: 'Android' })).toBeChecked();
    await expect(page.locator('app-help').getByRole('list', { name: 'Steps for Android' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a cancelled chooser points to the pairing help', async ({ page, ble }) => {
  ble.choose = () => null;
  await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('button', { name: 'Connect a Bluetooth massager' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No massager was chosen' })).toContainText('Help with pairing has the steps');
});
