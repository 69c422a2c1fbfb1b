import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { RED_FLAG_QUESTIONS } from '../../src/core/safety/triage.js';
import { answerScreeningInForm, choosePreset, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

/** The two shapes the app is built for: a phone held in one hand, and a computer. */
export const FORM_FACTORS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
} as const;
export type FormFactor = keyof typeof FORM_FACTORS;

/** Each screen and panel a person meets, in the order a first session meets them. */
export const SCREENS = [
  'safety-questions',
  'connect',
  'connect-advanced',
  'help-massagers',
  'help-pairing',
  'connected',
  'session-running',
  'check-in',
  'symptom-questions',
  'care-advice',
  'session-ended',
  'guidance-topic',
  'history',
  'privacy',
  'clinician-report',
  'stretches',
  'tap-anywhere',
  'board-check',
  'board-check-result',
] as const;
export type Screen = (typeof SCREENS)[number];

/**
 * Walks the app through every screen with the in-page simulated massager, calling `at` on each
 * (an axe run, a screenshot). The page is left at the top of the screen's main content.
 */
export async function walkScreens(page: Page, formFactor: FormFactor, at: (screen: Screen) => Promise<void>): Promise<void> {
  // Fifteen screens, each scanned or photographed, on a loaded 2-core machine: the walk gives its
  // test more time than one test's default rather than race it.
  test.info().setTimeout(Math.max(test.info().timeout, 150_000));
  const show = async (screen: Screen) => {
    await page.mouse.move(0, 0);
    await at(screen);
  };
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Before you start: safety questions' })).toBeVisible();
  await show('safety-questions');

  await answerScreeningInForm(page);
  await expect(page.getByRole('button', { name: 'Connect the simulated massager' })).toBeVisible();
  await show('connect');

  // The developer material folded under Advanced, and the help pages the connect panel links to.
  const advanced = page.locator('app-advanced summary');
  await advanced.click();
  await expect(page.getByLabel('Import a profile (JSON)')).toBeVisible();
  await advanced.scrollIntoViewIfNeeded();
  await show('connect-advanced');
  await advanced.click();
  for (const [button, screen] of [
    ['Which massagers work?', 'help-massagers'],
    ['Help with pairing', 'help-pairing'],
  ] as const) {
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByRole('heading', { level: 2, name: button })).toBeVisible();
    await scrollToTop(page);
    await show(screen);
    await page.getByRole('button', { name: 'Back to the session screen' }).click();
  }

  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  await choosePreset(page, 'everyday');
  await expect(page.getByRole('slider', { name: 'Vibration' })).toBeVisible();
  await scrollToTop(page);
  await show('connected');

  await startSession(page);
  await passTime(page, 31_000);
  await setSlider(page, 'Vibration', 3);
  await setSlider(page, 'Heat', 2);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  await scrollToTop(page);
  await show('session-running');

  await passTime(page, 5 * 60_000 - 31_000);
  await expect(page.getByRole('heading', { name: 'How do you feel now?' })).toBeVisible();
  await show('check-in');
  await page.getByRole('button', { name: 'Same', exact: true }).click();

  await page.getByRole('button', { name: 'Symptoms', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Everything is off. A few questions' })).toBeVisible();
  await scrollToTop(page);
  await show('symptom-questions');

  for (const question of RED_FLAG_QUESTIONS) {
    await page.getByRole('group', { name: question.question }).getByRole('radio', { name: 'No' }).check();
  }
  await page.getByRole('button', { name: 'See what to do' }).click();
  await expect(page.getByRole('button', { name: 'I have read this' })).toBeVisible();
  await scrollToTop(page);
  await show('care-advice');

  await page.getByRole('button', { name: 'I have read this' }).click();
  await expect(page.getByTestId('session-end')).toBeVisible();
  await scrollToTop(page);
  await show('session-ended');

  const guidance = page.getByRole('complementary', { name: 'Guidance' });
  if (formFactor === 'phone') await guidance.getByRole('button', { name: /^Guidance/ }).click();
  await guidance.getByText(/^All guidance/).click();
  await guidance.getByRole('navigation', { name: 'All guidance' }).getByRole('button', { name: 'Careful heat' }).click();
  await expect(guidance.getByRole('heading', { level: 3 })).toHaveText('Careful heat');
  await show('guidance-topic');
  if (formFactor === 'phone') await guidance.getByRole('button', { name: /^Hide guidance/ }).click();

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await scrollToTop(page);
  await show('history');

  // What is kept and where (docs/privacy.md), linked from History's data section.
  await page.getByRole('button', { name: 'How your data is kept' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Your data stays in your browser' })).toBeFocused();
  await scrollToTop(page);
  await show('privacy');
  await page.getByRole('button', { name: 'Back to History' }).click();

  await page.getByRole('button', { name: 'Report for your physiotherapist' }).click();
  await expect(page.getByRole('heading', { name: /a summary for a clinician/ })).toBeVisible();
  await scrollToTop(page);
  await show('clinician-report');
  await page.getByRole('button', { name: 'Back to history' }).click();

  // A second session once the rest after the first is over, stopped by the person: the stretches follow.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Session' }).click();
  await passTime(page, 2 * 60 * 60_000 + 1000);
  await startSession(page);
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await page.getByRole('button', { name: 'Start the stretches' }).click();
  await expect(page.getByRole('img', { name: /^Knee hug: a figure lying on its back/ })).toBeVisible();
  await page.getByRole('heading', { name: 'Gentle stretches, if you like' }).scrollIntoViewIfNeeded();
  await show('stretches');

  // A third session in tap-anywhere mode (issue 16).
  await page.getByRole('button', { name: 'Skip the stretches' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Session' }).click();
  await passTime(page, 3 * 60 * 60_000);
  await startSession(page);
  await page.getByRole('button', { name: 'Tap-anywhere mode' }).click();
  await expect(page.getByTestId('tap-stop')).toBeVisible();
  await show('tap-anywhere');

  // A board someone built (issue 15): its first-power-on check, at a step's question, then its result.
  await page.getByTestId('tap-stop').click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByLabel('Simulated device').selectOption({ label: 'DIY board (HM-10 module), running the real firmware' });
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('EB-DIY Sim connected (simulated)');
  const check = page.locator('app-board-check');
  await check.getByRole('button', { name: 'Start the board check' }).click();
  await check.getByRole('button', { name: 'Run the vibration motor' }).click();
  await expect(check.getByRole('button', { name: 'Yes' })).toBeVisible({ timeout: 15_000 });
  await check.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded();
  await show('board-check');
  await check.getByRole('button', { name: 'Stop the check' }).click();
  await expect(page.getByTestId('board-check-summary')).toBeVisible();
  await page.getByTestId('board-check-result').scrollIntoViewIfNeeded();
  await show('board-check-result');
}

async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: unknown; failureSummary?: string }[] }[];
}

/** axe-core on the whole page (shadow roots included), for WCAG 2.0, 2.1 and 2.2 A and AA: what it finds. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`));
  });
}

/**
 * Has the browser draw what `content-visibility: auto` lets it skip while off screen (the safety
 * questions below the welcome): skipped, it has no width of its own and its overflow is clipped,
 * so the checks would not see it as the person will once they scroll to it.
 */
export async function drawSkippedContent(page: Page): Promise<void> {
  await page.evaluate(() => {
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll<HTMLElement>('*')) {
        if (getComputedStyle(element).contentVisibility === 'auto') element.style.contentVisibility = 'visible';
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
  });
}

/**
 * What a person would notice on this screen: Stop or Symptoms cut off or out of thumb reach, the
 * latest message hidden under the stop bar, a control smaller than 44 by 44 CSS pixels.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const all = (root: Document | ShadowRoot, selector: string): Element[] => {
      const found = [...root.querySelectorAll(selector)];
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...all(element.shadowRoot, selector));
      return found;
    };
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    };
    const label = (element: Element) => (element.getAttribute('aria-label') ?? element.textContent).trim().slice(0, 40);
    const height = window.innerHeight;
    const width = window.innerWidth;
    const buttons = all(document, 'button');
    const stop = buttons.find((b) => b.textContent.trim() === 'STOP');
    const symptoms = buttons.find((b) => b.textContent.trim() === 'Symptoms');
    for (const [name, button] of [
      ['STOP', stop],
      ['Symptoms', symptoms],
    ] as const) {
      if (!button || !visible(button)) {
        problems.push(`${name} is not on screen`);
        continue;
      }
      const box = button.getBoundingClientRect();
      if (box.left < 0 || box.right > width || box.bottom > height) problems.push(`${name} is cut off by the window`);
      // Within the lower third of the window: where the thumb of the hand holding a phone rests.
      if (box.top < (height * 2) / 3) problems.push(`${name} is out of thumb reach (top at ${Math.round(box.top)} of ${height})`);
      if (button.scrollWidth > button.clientWidth) problems.push(`${name}'s label overflows the button`);
    }
    const latest = all(document, '[data-testid="announcer-polite"]')[0];
    if (latest && stop && latest.textContent.trim() !== '') {
      const message = latest.getBoundingClientRect();
      if (!visible(latest) || message.bottom > stop.getBoundingClientRect().top || message.bottom > height) {
        problems.push('the latest message is hidden under the stop bar');
      }
    }
    for (const control of all(document, 'button, summary, input[type="range"]')) {
      if (!visible(control)) continue;
      // A link inside a sentence of guidance is exempt, as WCAG 2.5.8 exempts inline targets.
      if (getComputedStyle(control).display.startsWith('inline') && control.closest('p, li')) continue;
      const box = control.getBoundingClientRect();
      if (Math.round(box.height) < 44 || Math.round(box.width) < 44) {
        problems.push(`"${label(control)}" is ${Math.round(box.width)}×${Math.round(box.height)} px, under 44×44`);
      }
    }
    return problems;
  });
}
