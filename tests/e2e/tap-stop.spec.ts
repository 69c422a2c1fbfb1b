import { passTime } from './app.js';
import { expect, test } from './fixtures/ble.js';
import { expectAtRest, firmware, firstStop, keptSession, pastSoftStart, sessionStarted } from './faults.js';
import { axeViolations, FORM_FACTORS } from './screens.js';

/**
 * Tap-anywhere mode (issue 16): a person in a burst of pain, face down, cannot look or aim. Once
 * the mode is on, a touch anywhere on the screen or any key stops the massager at the device, the
 * same way STOP does, and the journal says a tap stopped it.
 */
const CONTROL_STOP = '00';

test.describe('on a phone', () => {
  test.use(FORM_FACTORS.phone);

  test('a tap in the far corner of the screen, nowhere near STOP, stops the massager at the device', async ({ page, ble }) => {
    const { massager, mark } = await sessionStarted(page, ble);
    await pastSoftStart(page, massager);
    await page.getByRole('button', { name: 'Tap-anywhere mode' }).click();
    await expect(page.getByRole('dialog', { name: 'Tap anywhere to stop' })).toBeVisible();
    expect(firmware(massager).vibration).toBeGreaterThan(0);
    const before = massager.writes.length;

    // The top-left corner: where a hand lands that is not aiming.
    await page.touchscreen.tap(8, 8);

    await expect.poll(() => massager.writes.slice(before).map((w) => w.hex)[0]).toBe(CONTROL_STOP);
    await expect.poll(() => firstStop(massager, mark)).toBe('stop-command');
    expectAtRest(massager);
    expect(await keptSession(page)).toMatchObject({ endReason: 'tap' });
    // The mode goes with the session, and the page says why it stopped.
    await expect(page.getByRole('dialog', { name: 'Tap anywhere to stop' })).toHaveCount(0);
    await expect(page.getByTestId('session-end')).toContainText('the screen was tapped');
  });

  test('tap-anywhere mode passes axe-core and covers the whole screen', async ({ page, ble }) => {
    const { massager } = await sessionStarted(page, ble);
    await pastSoftStart(page, massager);
    await page.getByRole('button', { name: 'Tap-anywhere mode' }).click();
    const stop = page.getByTestId('tap-stop');
    await expect(stop).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    const box = await stop.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport ? [box.x, box.y, Math.round(box.width), Math.round(box.height)] : null).toEqual([
      0,
      0,
      viewport?.width,
      viewport?.height,
    ]);
    await page.touchscreen.tap(200, 400);
    await expect.poll(() => firmware(massager).armed).toBe(false);
  });
});

test('any key, not only Escape, stops the massager in tap-anywhere mode', async ({ page, ble }) => {
  const { massager, mark } = await sessionStarted(page, ble);
  await pastSoftStart(page, massager);
  await page.getByRole('button', { name: 'Tap-anywhere mode' }).click();
  await expect(page.getByRole('dialog', { name: 'Tap anywhere to stop' })).toBeVisible();

  await page.keyboard.press('q');

  await expect.poll(() => firstStop(massager, mark)).toBe('stop-command');
  expectAtRest(massager);
  expect(await keptSession(page)).toMatchObject({ endReason: 'tap' });
});

test('a mouse click anywhere stops it too, and nothing restarts afterwards', async ({ page, ble }) => {
  const { massager, mark } = await sessionStarted(page, ble);
  await pastSoftStart(page, massager);
  await page.getByRole('button', { name: 'Tap-anywhere mode' }).click();
  await expect(page.getByRole('dialog', { name: 'Tap anywhere to stop' })).toBeVisible();

  await page.mouse.click(1200, 30);

  await expect.poll(() => firstStop(massager, mark)).toBe('stop-command');
  await passTime(page, 5000, massager);
  expectAtRest(massager);
  await expect(page.getByRole('button', { name: 'Start session' })).toBeVisible();
});
