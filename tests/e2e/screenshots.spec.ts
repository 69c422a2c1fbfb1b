import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';
import { execFileSync } from 'node:child_process';
import { openReport, printedPdf } from './report.js';

/**
 * Pictures for the README and docs/screenshots/ that the screen walk does not take (the walk in
 * accessibility.spec.ts photographs every screen as it checks it), made from the real app by the
 * normal test run. A fixed clock and time zone keep them the same from run to run unless the
 * app's look changes.
 */
const PICTURE_TIME = new Date('2026-03-02T09:30:00Z');

test.describe('the clinician report, printed', () => {
  test.use({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', timezoneId: 'UTC', locale: 'en-GB' });

  test('a picture of the one-page report as the PDF prints it', async ({ page }, testInfo) => {
    await openReport(page);
    const pdf = testInfo.outputPath('clinician-report.pdf');
    await printedPdf(page, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdf, 'docs/screenshots/clinician-report-printed']);
  });
});

test.describe('desktop, over Bluetooth', () => {
  test.use({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', timezoneId: 'UTC', locale: 'en-GB' });

  test('controls with guidance beside them: a session running with heat on', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.clock.setSystemTime(PICTURE_TIME);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await choosePreset(page, 'everyday');
    await startSession(page);
    await setSlider(page, 'Vibration', 3);
    await setSlider(page, 'Heat', 3);
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    await expect(page.getByText('Massager reports: Step 3 of 3 (40 °C)')).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Guidance' }).getByRole('heading', { level: 3 })).toHaveText('Careful heat');
    // The controls at the top of the window, the heat slider above the stop bar.
    const top = await page.getByRole('heading', { name: 'Controls' }).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    await page.evaluate((y) => window.scrollTo(0, y - 40), top);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'docs/screenshots/controls-with-guidance.png' });
  });
});
