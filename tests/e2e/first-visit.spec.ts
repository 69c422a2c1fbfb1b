import { chromium } from '@playwright/test';
import { SCREENING_QUESTIONS } from '../../src/core/safety/screening.js';
import { answerScreeningInForm } from './app.js';
import { findChromium } from './fixtures/browser.js';
import { expect, test } from './fixtures/ble.js';
import { guardContext } from './fixtures/guard.js';

/**
 * A first visit: the page says what Easeback is before it asks anything, then offers two ways to
 * begin. Material for developers waits, folded, under Advanced, so a person in pain is not met by
 * browser flags and file pickers.
 */

test('a first visit says what Easeback is, then offers the simulated massager and your own as two paths', async ({ page, ble }) => {
  await ble.massager();
  await page.goto('/');
  const welcome = page.getByRole('region', { name: 'Welcome to Easeback' });
  await expect(welcome).toContainText('for people with sciatica');
  await expect(welcome).toContainText('does not treat sciatica');
  await expect(page.getByRole('heading', { name: 'Before you start: safety questions' })).toBeVisible();
  await answerScreeningInForm(page);

  // The welcome has done its work once the questions are answered.
  await expect(welcome).toHaveCount(0);
  const tryIt = page.getByRole('region', { name: 'Try it with the simulated massager' });
  const yours = page.getByRole('region', { name: 'Connect your massager' });
  await expect(tryIt.getByRole('button', { name: 'Connect the simulated massager' })).toBeVisible();
  await expect(yours.getByRole('button', { name: 'Connect a Bluetooth massager' })).toBeVisible();
  await expect(yours.getByRole('button', { name: 'Which massagers work?' })).toBeVisible();

  // The importer is there, but folded under Advanced, closed until asked for.
  const folded = page.locator('app-advanced details');
  await expect(folded).not.toHaveAttribute('open');
  await expect(page.getByLabel('Import a profile (JSON)')).toBeHidden();
  await page.getByText('Advanced', { exact: true }).click();
  await expect(page.getByLabel('Import a profile (JSON)')).toBeVisible();
  // Chrome here has Web Bluetooth on: no Linux browser setting is offered.
  await expect(page.getByTestId('linux-flag-steps')).toHaveCount(0);
  await expect(page.getByText('chrome://flags')).toHaveCount(0);
});

test('a first visit opens at the top, on the welcome: drawing the questions below neither scrolls the page nor takes focus', async ({
  page,
}) => {
  // A small phone: the questions start below the welcome, off the screen.
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Save answers' })).toBeAttached();
  // Given a few frames to move the page, if anything would.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await page.evaluate(() => ({ scrollY: window.scrollY, focused: document.activeElement?.tagName }))).toEqual({
    scrollY: 0,
    focused: 'BODY',
  });
  await expect(page.getByRole('heading', { name: 'Welcome to Easeback' })).toBeInViewport();
  // The questions are all there, in order, for whoever reads on (a screen reader, or scrolling).
  const questions = page.getByRole('region', { name: 'Before you start: safety questions' }).getByRole('group');
  await expect(questions).toHaveCount(SCREENING_QUESTIONS.length);
  await expect(questions.first()).toHaveAccessibleName(SCREENING_QUESTIONS[0]?.question ?? '');
  await expect(questions.last()).toHaveAccessibleName(SCREENING_QUESTIONS.at(-1)?.question ?? '');
});

test('the simulated massager’s own view is under Advanced once it is connected, and the importer is gone', async ({ page }) => {
  await page.goto('/');
  await answerScreeningInForm(page);
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  await expect(page.getByText('Simulated massager: its own view')).toBeHidden();
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByText('Simulated massager: its own view').click();
  await expect(page.getByTestId('firmware-state')).toBeVisible();
  await expect(page.getByLabel('Import a profile (JSON)')).toHaveCount(0);
});

test('a massager over Bluetooth shows no Advanced section: nothing there applies to it', async ({ page, ble }) => {
  await ble.massager();
  await page.goto('/');
  await answerScreeningInForm(page);
  await page.getByRole('button', { name: 'Connect a Bluetooth massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected');
  await expect(page.getByText('Advanced', { exact: true })).toHaveCount(0);
});

/**
 * Chromium as a Linux user has it: Web Bluetooth switched off for pages (no blink feature flag).
 * The browser's own navigator has no bluetooth; nothing in the page is faked.
 */
test.describe('Chrome on Linux without the Web Bluetooth setting', () => {
  for (const { system, userAgent, linux } of [
    { system: 'Linux', userAgent: undefined, linux: true },
    {
      system: 'Windows',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
      linux: false,
    },
  ]) {
    test(`the chrome://flags steps are offered under Advanced only on Linux (${system})`, async ({ baseURL }) => {
      const executablePath = findChromium();
      const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--disable-gpu', '--disable-quic'] });
      try {
        const context = await browser.newContext({
          baseURL: baseURL ?? 'http://localhost',
          ...(userAgent ? { userAgent } : {}),
          viewport: { width: 390, height: 844 },
        });
        const guard = await guardContext(context, new URL(baseURL ?? 'http://localhost').origin);
        const page = await context.newPage();
        await page.goto('/');
        expect(await page.evaluate(() => 'bluetooth' in navigator)).toBe(false);
        await answerScreeningInForm(page);
        const yours = page.getByRole('region', { name: 'Connect your massager' });
        await expect(yours.getByRole('status')).toContainText('Bluetooth is not available here.');
        await expect(yours.getByRole('button', { name: 'Connect a Bluetooth massager' })).toHaveCount(0);
        if (linux) {
          // The main path says where to look; the steps themselves are developer material.
          await expect(yours).toContainText('the steps are under Advanced');
          await expect(yours).not.toContainText('chrome://flags');
          await expect(page.getByTestId('linux-flag-steps')).toBeHidden();
          await page.getByText('Advanced', { exact: true }).click();
          await expect(page.getByTestId('linux-flag-steps')).toContainText('chrome://flags/#enable-experimental-web-platform-features');
        } else {
          await expect(yours).toContainText('Chrome or Edge');
          await page.getByText('Advanced', { exact: true }).click();
          await expect(page.getByTestId('linux-flag-steps')).toHaveCount(0);
          await expect(page.getByText('chrome://flags')).toHaveCount(0);
        }
        // The simulated path works all the same.
        await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
        await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
        expect({ offOrigin: guard.offOrigin, pageErrors: guard.pageErrors, violations: guard.violations }).toEqual({
          offOrigin: [],
          pageErrors: [],
          violations: [],
        });
      } finally {
        await browser.close();
      }
    });
  }
});
