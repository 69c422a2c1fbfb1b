import { journalRecords, passTime } from './app.js';
import { expectAtRest, firmware, firstStop, keptSession, MINUTE, SECOND, sessionRunning } from './faults.js';
import { expect, test } from './fixtures/ble.js';

/**
 * The firmware keeps the massager safe when the page cannot: it stops on link loss, and at the
 * deadline the session's limits gave it, with no word from the page. These tests take the page
 * out of the way mid-session and watch the firmware alone.
 */
test.describe('the firmware on its own', () => {
  test('the page closed mid-session: the firmware stops on link loss, with no stop from the page, and stays stopped', async ({
    page,
    ble,
    context,
  }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    expect(firmware(massager)).toMatchObject({ connected: true, armed: true });
    const writesBefore = massager.writes.length;

    await page.close();

    await expect.poll(() => firstStop(massager, mark)).toBe('link-loss');
    expect(firmware(massager).connected).toBe(false);
    expectAtRest(massager);
    // The page sent nothing on its way out: the firmware's own rule did it.
    expect(massager.writes.length).toBe(writesBefore);
    // Nothing turns back on by itself, however long it waits.
    massager.skip(30 * MINUTE);
    expectAtRest(massager);
    expect(massager.stopsSince(mark).map((s) => s.cause)).toEqual(['link-loss']);

    const reopened = await context.newPage();
    await reopened.goto('/');
    await expect.poll(async () => (await journalRecords(reopened)).map((r) => r.endReason)).toEqual(['interrupted']);
  });

  test('the link up but the page frozen: the firmware stops at the deadline it was given, and the page, once free, ends the session at its limit', async ({
    page,
    ble,
  }) => {
    // Gentle relief runs ten minutes. Both clocks go to eight seconds before its end.
    const { massager, mark } = await sessionRunning(page, ble, 'gentle');
    await passTime(page, 10 * MINUTE - 31 * SECOND - 8 * SECOND, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    const writesBefore = massager.writes.length;

    // A modal dialog holds the page's main thread: no timer, no Bluetooth event, no script runs
    // until it closes. The link stays up.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    page.once('dialog', (dialog) => void released.then(() => dialog.accept()));
    const frozen = page.evaluate(() => window.alert('Easeback is frozen for a test'));

    // Real time passes for the firmware alone, up to and past its deadline.
    await expect.poll(() => firstStop(massager, mark), { timeout: 20_000 }).toBe('deadline');
    expect(firmware(massager).connected).toBe(true);
    expectAtRest(massager);
    expect(massager.writes.length).toBe(writesBefore);

    release();
    await frozen;
    await expect(page.getByTestId('session-end')).toContainText('Session complete.');
    const kept = await keptSession(page);
    expect(kept.endReason).toBe('completed');
    expect(kept.activeMs).toBe(10 * MINUTE);
    expectAtRest(massager);
  });
});
