import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

test('escape stops every output, in the page and in the firmware, after driving all three outputs', async ({ page, ble }) => {
  const massager = await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page);
  await choosePreset(page, 'everyday');
  await startSession(page);

  // Everyday relief allows vibration 5 of 10, kneading 2 of 3, heat up to 40 °C (level 3).
  await setSlider(page, 'Vibration', 4);
  await setSlider(page, 'Kneading', 2);
  await page.getByRole('radio', { name: 'Counterclockwise' }).check();
  await setSlider(page, 'Heat', 3);

  // Past the 30 s soft start, the device should be at the chosen levels and say so.
  await passTime(page, 31_000, massager);
  await expect.poll(() => massager.firmware.snapshot().vibration).toBe(4);
  await expect.poll(() => massager.firmware.snapshot().kneading).toBe(2);
  expect(massager.firmware.snapshot()).toMatchObject({ direction: 1 });
  expect(massager.firmware.snapshot().heat).toBe(3);
  await expect(page.getByText('Massager reports: Level 4 of 10')).toBeVisible();
  await expect(page.getByText('Massager reports: Speed 2 of 3')).toBeVisible();
  await expect(page.getByText('Massager reports: Step 3 of 3 (40 °C)')).toBeVisible();

  await page.keyboard.press('Escape');

  await expect
    .poll(() => massager.firmware.snapshot())
    .toMatchObject({ vibration: 0, kneading: 0, heat: 0, armed: false, lastStop: 'stop-command' });
  await expect(page.getByText('Massager reports: Off')).toHaveCount(3);
  await expect(page.getByTestId('session-end')).toContainText('Stopped.');
  // The stop frame of the open protocol is the single byte 00.
  expect(massager.writes.at(-1)?.hex).toBe('00');
});
