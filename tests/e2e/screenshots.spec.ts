import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

/**
 * Pictures for the README, made from the real app against the simulated massager. They are not
 * checks, so they run only when asked for: `npm run screenshots`.
 */
test.skip(!process.env.EASEBACK_SCREENSHOTS, 'set EASEBACK_SCREENSHOTS=1 (npm run screenshots) to write the README pictures');

test.use({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });

test('controls with guidance beside them: a session running with heat on', async ({ page, ble }) => {
  const massager = await ble.massager();
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
