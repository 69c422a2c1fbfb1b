import { expect, test } from './fixtures/ble.js';
import { axeViolations, drawSkippedContent, FORM_FACTORS, layoutProblems, walkScreens, type FormFactor, type Screen } from './screens.js';

/**
 * One walk through every screen and panel of a first session, on a phone and a computer, in light
 * and dark mode, and on each screen everything a person would notice about its shape:
 * - axe-core: no WCAG 2.2 A or AA violation (contrast, names, roles, targets);
 * - Stop and Symptoms whole and within thumb reach, the latest message not under them, and every
 *   control at least 44 px;
 * - nothing wider than the window: on a phone at 390 px and, resized on the same screen, at the
 *   360 and 320 px of small phones in use (issue 13); on a computer at its own width.
 * The light walks also take the pictures in docs/screenshots/ (the dark phone walk its running
 * session), so each screen is reached once for all of it: a walk is about 20 s of a loaded 2-core
 * machine, and these were fifteen walks before.
 */

/** A fixed clock and time zone keep the pictures the same from run to run unless the look changes. */
const PICTURE_TIME = new Date('2026-03-02T09:30:00Z');
const SMALL_PHONE_WIDTHS = [360, 320] as const;

type Found = Partial<Record<Screen, string[]>>;

function note(found: Found, screen: Screen, problems: readonly string[]): void {
  if (problems.length > 0) found[screen] = [...(found[screen] ?? []), ...problems];
}

for (const formFactor of Object.keys(FORM_FACTORS) as FormFactor[]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${formFactor}, ${colorScheme}`, () => {
      test.use({ ...FORM_FACTORS[formFactor], colorScheme, timezoneId: 'UTC', locale: 'en-GB' });

      test('on every screen: no axe-core violation, Stop and Symptoms whole and within thumb reach, every control at least 44 px, and nothing scrolls sideways', async ({
        page,
      }) => {
        const axe: Found = {};
        const layout: Found = {};
        const sideways: Found = {};
        const { viewport } = FORM_FACTORS[formFactor];
        await page.clock.setSystemTime(PICTURE_TIME);
        await walkScreens(page, formFactor, async (screen) => {
          if (colorScheme === 'light') {
            await page.screenshot({ path: `docs/screenshots/${formFactor}-${screen}.png`, animations: 'disabled', caret: 'hide' });
          } else if (formFactor === 'phone' && screen === 'session-running') {
            await page.screenshot({ path: 'docs/screenshots/phone-dark-session-running.png', caret: 'hide' });
          }
          await drawSkippedContent(page);
          note(axe, screen, await axeViolations(page));
          note(layout, screen, await layoutProblems(page));
          const widths = formFactor === 'phone' ? [viewport.width, ...SMALL_PHONE_WIDTHS] : [viewport.width];
          for (const width of widths) {
            if (width !== viewport.width) await page.setViewportSize({ width, height: viewport.height });
            const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
            if (scrollWidth > width) note(sideways, screen, [`${scrollWidth} px wide at ${width} px`]);
          }
          // Back to the walk's own width for the next screen, if a smaller one was tried.
          if (widths.length > 1) await page.setViewportSize(viewport);
        });
        expect.soft(axe, 'axe-core violations').toEqual({});
        expect.soft(layout, 'Stop, Symptoms and control sizes').toEqual({});
        expect.soft(sideways, 'screens wider than the window').toEqual({});
      });
    });
  }
}
