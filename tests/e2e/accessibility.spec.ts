import { expect, test } from './fixtures/ble.js';
import { axeViolations, FORM_FACTORS, layoutProblems, walkScreens, type FormFactor, type Screen } from './screens.js';

/**
 * axe-core on every screen and panel of a first session, on a phone and a computer, in light and
 * dark mode: no WCAG 2.2 A or AA violation (contrast, names, roles, targets) anywhere.
 */
for (const formFactor of Object.keys(FORM_FACTORS) as FormFactor[]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`${formFactor}, ${colorScheme}`, () => {
      test.use({ ...FORM_FACTORS[formFactor], colorScheme });

      test('every screen and panel passes axe-core with no violation', async ({ page }) => {
        const found: Partial<Record<Screen, string[]>> = {};
        await walkScreens(page, formFactor, async (screen) => {
          const violations = await axeViolations(page);
          if (violations.length > 0) found[screen] = violations;
        });
        expect(found).toEqual({});
      });

      test('on every screen Stop and Symptoms are whole and within thumb reach, the latest message is not under them, and every control is at least 44 px', async ({
        page,
      }) => {
        const found: Partial<Record<Screen, string[]>> = {};
        await walkScreens(page, formFactor, async (screen) => {
          const problems = await layoutProblems(page);
          if (problems.length > 0) found[screen] = problems;
        });
        expect(found).toEqual({});
      });
    });
  }
}
