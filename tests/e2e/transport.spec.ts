import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

const CONTROL = OPEN_MASSAGER.control;
const LIMITS = OPEN_MASSAGER.limits;

test.describe('over the real Web Bluetooth stack', () => {
  test('each control puts its exact bytes on the wire, after the session limits', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    // Battery and firmware come from the standard services, read through the same queue.
    await expect(page.getByText(/^\d+ %$/)).toBeVisible();
    await expect(page.getByText('1.0.0')).toBeVisible();
    await choosePreset(page, 'everyday');
    await startSession(page);

    // Everyday relief on this massager: vibration ≤ 5, kneading ≤ 2, heat ≤ 40 °C, 900 s of session and heat.
    await expect.poll(() => massager.writesTo(LIMITS).map((w) => w.hex)).toEqual(['01 05 02 28 84 03 84 03']);
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    await expect.poll(() => massager.firmware.snapshot().vibration).toBe(3);
    const before = massager.writes.length;
    await setSlider(page, 'Vibration', 5);
    await setSlider(page, 'Kneading', 2);
    await page.getByRole('radio', { name: 'Counterclockwise' }).check();
    await setSlider(page, 'Heat', 1);
    await expect.poll(() => massager.writes.slice(before).map((w) => w.hex)).toEqual(['01 05', '02 02 00', '02 02 01', '03 01']);
    // Levels go unacknowledged (the state notification confirms them), so a stop never waits
    // behind one; the limits and the stop are acknowledged.
    expect(massager.writes.slice(before).every((w) => w.writeType === 'write-without-response')).toBe(true);
    expect(massager.writesTo(LIMITS).every((w) => w.writeType === 'write-with-response')).toBe(true);
    expect(massager.maxWritesInFlight).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => massager.writes.at(-1)).toMatchObject({ hex: '00', writeType: 'write-with-response' });
  });

  test('state notifications from the device update the page, and unreadable ones are counted, never shown', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await expect(page.getByText(/^\d+ %$/)).toBeVisible();

    // Half a percent above 42: the firmware drains a little every moment and reports whole
    // percents rounded down, so exactly 42 could already read 41 when the page shows it.
    massager.firmware.inject({ kind: 'battery', percent: 42.5 });
    await expect(page.getByText('42 %')).toBeVisible();
    massager.firmware.inject({ kind: 'heater-temperature', celsius: 37.4 });
    await expect(page.getByText('37.4 °C')).toBeVisible();

    // A frame of another protocol version, and a truncated one: neither may move the readback.
    await massager.deliver(OPEN_MASSAGER.state, [0x02, 0x01, 0x09, 0x03, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await massager.deliver(OPEN_MASSAGER.state, [0x01, 0x01, 0x09]);
    await expect(page.getByText('Unreadable messages')).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: /^2$/ })).toBeVisible();
    await expect(page.getByText('37.4 °C')).toBeVisible();
  });

  test('a link dropped mid-session ends the session as disconnected, and after the reconnect only a stop is sent', async ({
    page,
    ble,
  }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await startSession(page);
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    await expect.poll(() => massager.firmware.snapshot().vibration).toBe(2);

    const writesBefore = massager.writes.length;
    await massager.dropLink();
    // The firmware stopped by itself on link loss; the page says so plainly.
    expect(massager.firmware.snapshot()).toMatchObject({ vibration: 0, kneading: 0, heat: 0, armed: false, lastStop: 'link-loss' });
    await expect(page.getByTestId('session-end')).toContainText('the massager disconnected');
    await expect(page.getByTestId('connection-state')).toContainText(/Reconnecting|connected/);

    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected', { timeout: 15_000 });
    await expect.poll(() => massager.writes.slice(writesBefore).map((w) => w.hex)).toEqual(['00']);
    // Nothing resumes by itself: give it time to try, then check nothing but the stop went out.
    await passTime(page, 60_000, massager);
    expect(massager.writes.slice(writesBefore).map((w) => w.hex)).toEqual(['00']);
    expect(massager.firmware.snapshot()).toMatchObject({ vibration: 0, kneading: 0, heat: 0, armed: false });
    await expect(page.getByRole('button', { name: 'Start session' })).toBeEnabled();
  });

  test('a write the device keeps refusing is retried once, then the session stops and says why', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);

    // The session's limits cannot be written: a session the firmware does not know of must not run.
    massager.failWrites(LIMITS, 2);
    const before = massager.writes.length;
    await page.getByRole('button', { name: 'Start session' }).click();

    await expect(page.getByTestId('session-end')).toContainText('did not reach the massager');
    // The write, its one retry, then the stop, which the device takes.
    await expect
      .poll(() =>
        massager.writes
          .slice(before)
          .filter((w) => w.writeType === 'write-with-response')
          .map((w) => w.hex),
      )
      .toEqual(['01 03 01 26 58 02 58 02', '01 03 01 26 58 02 58 02', '00']);
    expect(massager.firmware.snapshot()).toMatchObject({ vibration: 0, kneading: 0, heat: 0, armed: false, lastStop: 'stop-command' });
  });

  test('a write the device never answers times out, and the link is dropped so the firmware stops itself', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await startSession(page);
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    await expect.poll(() => massager.firmware.snapshot().vibration).toBe(2);

    // The stop goes unanswered: the radio may hold it forever, so nothing can follow it. The app
    // drops the link instead, and the firmware stops on link loss.
    massager.holdWrites(CONTROL, 1);
    const before = massager.writes.length;
    await page.getByRole('button', { name: 'STOP', exact: true }).click();

    await expect.poll(() => massager.linkLosses.length, { timeout: 15_000 }).toBe(1);
    expect(massager.linkLosses[0]).toMatchObject({ vibration: 0, kneading: 0, heat: 0, lastStop: 'link-loss' });
    // No second operation was ever stacked on the unanswered one.
    expect(massager.maxWritesInFlight).toBe(1);
    expect(massager.writes.slice(before)[0]?.hex).toBe('00');
    // After the reconnect, the device gets a stop and nothing else.
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected', { timeout: 15_000 });
    await expect.poll(() => massager.writes.slice(before).map((w) => w.hex)).toEqual(['00', '00']);
    await expect(page.getByTestId('session-end')).toContainText('Stopped.');
  });

  test('a cancelled chooser is met with help, not an error', async ({ page, ble }) => {
    await ble.massager();
    ble.choose = () => null;
    await page.goto('/');
    await answerScreening(page);
    await page.getByRole('button', { name: 'Connect a Bluetooth massager' }).click();
    const help = page.getByRole('status').filter({ hasText: 'No massager was chosen' });
    await expect(help).toBeVisible();
    await expect(help).toContainClass('note');
    await expect(page.getByRole('button', { name: 'Connect a Bluetooth massager' })).toBeEnabled();
  });

  test('a device this site was allowed before is offered again without the chooser', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('connection-state')).toHaveText('Not connected');
    expect(massager.firmware.snapshot().connected).toBe(false);

    ble.choose = () => null; // the chooser must not be needed
    await page.getByRole('button', { name: 'Reconnect Easeback Sim' }).click();
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected');
  });
});

test.describe('with no Bluetooth adapter', () => {
  test.use({ adapterState: 'absent' });

  test('an absent adapter is explained, and the simulated massager is still offered', async ({ page }) => {
    await page.goto('/');
    await answerScreening(page);
    await expect(page.getByText('No Bluetooth adapter was found')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect a Bluetooth massager' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  });
});
