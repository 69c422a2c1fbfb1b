import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { encodeTemperatureMeasurement } from '../../src/core/protocol/standard.js';
import { SIG } from '../../src/core/profile/uuid.js';
import { choosePreset, connectBluetooth, hideAndFreeze, journalRecords, passTime, reloadWithAdapter, showTab } from './app.js';
import {
  expectAtRest,
  firmware,
  firstStop,
  keptSession,
  MINUTE,
  pressStop,
  screened,
  SECOND,
  sessionRunning,
  sessionStarted,
  stopMishandled,
} from './faults.js';
import { expect, test } from './fixtures/ble.js';

/**
 * One test per fault a real Bluetooth link or a real browser produces. Each asserts at the
 * peripheral that the massager ends with every output off (and how it stopped: by its own rule or
 * on the page's command), and in the journal (IndexedDB, read through the page) that the session
 * was kept with the reason it ended.
 */
const CONTROL = OPEN_MASSAGER.control;
const STATE = OPEN_MASSAGER.state;
const LIMITS = OPEN_MASSAGER.limits;

test.describe('the link drops during a session', () => {
  test('during the soft start: the firmware stops on link loss, and the session is kept as disconnected', async ({ page, ble }) => {
    const { massager, mark } = await sessionStarted(page, ble);
    await expect(page.getByTestId('session-status')).toHaveText('Soft start: building up gently');

    await massager.dropLink();

    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('link-loss');
    await expect(page.getByTestId('session-end')).toContainText('the massager disconnected');
    expect(await keptSession(page)).toMatchObject({ endReason: 'disconnected', endDetail: 'The Bluetooth link was lost.' });
  });

  test('while running: the firmware stops on link loss, and after the reconnect only a stop is sent', async ({ page, ble }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    const writesBefore = massager.writes.length;

    await massager.dropLink();

    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('link-loss');
    const kept = await keptSession(page);
    expect(kept).toMatchObject({ endReason: 'disconnected' });
    expect(kept.activeMs).toBeGreaterThanOrEqual(31 * SECOND);
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected', { timeout: 15_000 });
    await expect.poll(() => massager.writes.slice(writesBefore).map((w) => w.hex)).toEqual(['00']);
    expectAtRest(massager);
  });

  test('while paused: the pause already stopped the firmware, the drop keeps it stopped, the session is kept as disconnected', async ({
    page,
    ble,
  }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('session-status')).toHaveText('Paused: everything is off');
    await expect.poll(() => firstStop(massager, mark)).toBe('stop-command');

    await massager.dropLink();

    expectAtRest(massager);
    expect(massager.stopsSince(mark).map((s) => s.cause)).toEqual(['stop-command', 'link-loss']);
    expect(await keptSession(page)).toMatchObject({ endReason: 'disconnected' });
    // A paused session cannot be resumed into a link that is not there.
    await expect(page.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  });

  test('in the last minute: the drop ends it as disconnected, not as completed, with the time it really ran', async ({ page, ble }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    // Everyday relief runs 15 minutes: 14 minutes 30 seconds in, half a minute is left.
    await passTime(page, 14 * MINUTE, massager);
    await expect(page.getByRole('paragraph').filter({ hasText: /^0:[0-5]\d$/ })).toBeVisible();
    const left = firmware(massager);
    expect((left.deadlineAt ?? 0) - left.now).toBeLessThan(MINUTE);

    await massager.dropLink();

    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('link-loss');
    const kept = await keptSession(page);
    expect(kept.endReason).toBe('disconnected');
    expect(kept.activeMs).toBeGreaterThan(14 * MINUTE);
    expect(kept.activeMs).toBeLessThan(15 * MINUTE);
  });
});

test.describe('a command does not get through', () => {
  // Level changes go without response (the state notification confirms them), so the ATT errors
  // and silences a device can produce land on the writes that must be acknowledged: the limits at
  // the start of a session, and every stop.
  test('a GATT error on the limits write at the start: one retry, then the session ends, says why, and nothing was turned on', async ({
    page,
    ble,
  }) => {
    const massager = await screened(page, ble);
    await connectBluetooth(page);
    await choosePreset(page, 'everyday');
    const before = massager.writes.length;
    massager.failWrites(LIMITS, 2);

    await page.getByRole('button', { name: 'Start session' }).click();

    await expect(page.getByTestId('session-end')).toContainText('did not reach the massager');
    const sent = massager.writes.slice(before);
    expect(sent.filter((w) => w.uuid === LIMITS)).toHaveLength(2);
    // Not one level reached the control point: only stops followed the refused limits.
    expect(sent.filter((w) => w.uuid === CONTROL).every((w) => w.hex === '00')).toBe(true);
    expectAtRest(massager);
    expect(await keptSession(page)).toMatchObject({ endReason: 'write-failed' });
  });

  test('a GATT error on the stop write: it is sent again at once, and the firmware takes the stop', async ({ page, ble }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    massager.failWrites(CONTROL, 1);

    const sent = await pressStop(page, massager);

    await expect.poll(() => sent().map((w) => w.hex)).toEqual(['00', '00']);
    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('stop-command');
    expect(massager.linkLosses).toHaveLength(0);
    expect(await keptSession(page)).toMatchObject({ endReason: 'user' });
  });

  test('a device refusing every stop: the link is dropped so the firmware stops on link loss, and after the reconnect the stop lands', async ({
    page,
    ble,
  }) => {
    const { massager, mark, sent } = await stopMishandled(page, ble, (m) => m.failWrites(CONTROL, 1000));

    massager.clearFaults();
    // The stop and its one retry, both refused, then nothing: the link went down.
    expect(
      sent()
        .slice(0, 2)
        .map((w) => w.hex),
    ).toEqual(['00', '00']);
    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('link-loss');
    await expect(page.getByTestId('session-end')).toBeVisible();
    expect(await keptSession(page)).toMatchObject({ endReason: 'user' });
    // After the reconnect the stop is sent again and lands; nothing but stops was ever sent.
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected', { timeout: 15_000 });
    await expect.poll(() => massager.stopsSince(mark).map((s) => s.cause)).toEqual(['link-loss', 'stop-command']);
    expect(sent().every((w) => w.hex === '00')).toBe(true);
    expectAtRest(massager);
  });

  test('a stop never answered: the link is dropped (nothing can follow it, not even another stop) and the firmware stops on link loss', async ({
    page,
    ble,
  }) => {
    const { massager, mark, sent } = await stopMishandled(page, ble, (m) => m.holdWrites(CONTROL, 1));

    expect(sent().map((w) => w.hex)).toEqual(['00']);
    expect(massager.maxWritesInFlight).toBe(1);
    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('link-loss');
    expect(await keptSession(page)).toMatchObject({ endReason: 'user' });
  });
});

test.describe('the device reports something wrong', () => {
  /** A version-1 frame with a kneading direction that is neither direction. */
  const badDirection = [0x01, 0x01, 0x02, 0x01, 0x09, 0x01, 0x68, 0x01, 0x48, 0x03, 0x58, 0x02, 0x00, 0x00, 0x00, 0x07];
  /** A frame of a protocol version this app does not read. */
  const otherVersion = [0x02, 0x01, 0x02, 0x01, 0x00, 0x01, 0x68, 0x01, 0x48, 0x03, 0x58, 0x02, 0x00, 0x00, 0x00, 0x07];
  /** The first three bytes of a frame: the rest was lost. */
  const truncated = [0x01, 0x01, 0x02];

  test('malformed and truncated state frames: two are counted and the session runs on; three in a row stop it', async ({ page, ble }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    const readable = () => {
      const read = massager.firmware.read(STATE, massager.clock.now());
      return 'value' in read ? [...read.value] : [];
    };

    // Queued back to back, so nothing from the firmware comes between them.
    await Promise.all([massager.deliver(STATE, otherVersion), massager.deliver(STATE, truncated), massager.deliver(STATE, readable())]);
    await expect(page.getByRole('definition').filter({ hasText: /^2$/ })).toBeVisible();
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    expect(firmware(massager).armed).toBe(true);

    await Promise.all([massager.deliver(STATE, badDirection), massager.deliver(STATE, truncated), massager.deliver(STATE, otherVersion)]);

    await expect(page.getByTestId('session-end')).toContainText('sending data Easeback cannot read');
    await expect.poll(() => firstStop(massager, mark)).toBe('stop-command');
    expectAtRest(massager);
    const kept = await keptSession(page);
    expect(kept.endReason).toBe('write-failed');
    expect(kept.endDetail).toContain('cannot read');
  });

  test('the heater reading 41.5 °C: the firmware cuts out by itself, and the session ends as a safety fault', async ({ page, ble }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    expect(firmware(massager).heat).toBeGreaterThan(0);

    massager.firmware.inject({ kind: 'heater-temperature', celsius: 41.5 });

    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('over-temperature');
    expect(firmware(massager).overTemperature).toBe(true);
    await expect(page.getByTestId('session-end')).toContainText('safety fault');
    await expect(page.getByTestId('session-end')).toContainText('41');
    const kept = await keptSession(page);
    expect(kept.endReason).toBe('fault');
    expect(kept.maxHeaterC).toBe(41.5);
  });

  test('the standard thermometer alone reading 41.2 °C ends the session as a fault, and the firmware takes the stop', async ({
    page,
    ble,
  }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    await expect
      .poll(() =>
        page.evaluate(
          (uuid) => (globalThis as { __bleSubscribed?: Map<string, unknown> }).__bleSubscribed?.has(uuid) ?? false,
          SIG.temperatureMeasurement,
        ),
      )
      .toBe(true);
    // The heater's own sensor, in the state frames, reads well below the cut.
    expect(firmware(massager).heaterC).toBeLessThan(41);

    await massager.deliver(SIG.temperatureMeasurement, [...encodeTemperatureMeasurement(41.2)]);

    await expect(page.getByTestId('session-end')).toContainText('The heater thermometer read 41.2 °C');
    await expect.poll(() => firstStop(massager, mark)).toBe('stop-command');
    expectAtRest(massager);
    expect(firmware(massager).overTemperature).toBe(false);
    expect(await keptSession(page)).toMatchObject({ endReason: 'fault', maxHeaterC: 41.2 });
  });

  test('a battery at 9 % is flagged while the session runs; at the 5 % cut-off the firmware stops and the session ends as a fault', async ({
    page,
    ble,
  }) => {
    const { massager, mark } = await sessionRunning(page, ble);

    // 9.5 %, reported as 9 (the protocol rounds down): a battery set to exactly 9 % drains below it
    // in the firmware's next tick, and then reads 8.
    massager.firmware.inject({ kind: 'battery', percent: 9.5 });
    await expect(page.getByRole('definition').filter({ hasText: /^\s*9 %/ })).toContainText('(low)');
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    expect(firmware(massager).vibration).toBeGreaterThan(0);

    massager.firmware.inject({ kind: 'battery', percent: 5 });

    expectAtRest(massager);
    expect(firstStop(massager, mark)).toBe('low-battery');
    await expect(page.getByTestId('session-end')).toContainText('battery is too low');
    expect(await keptSession(page)).toMatchObject({ endReason: 'fault' });
  });
});

test.describe('the browser gets in the way', () => {
  test('the page reloaded mid-session: the firmware stops on the lost link, the session is kept as interrupted, nothing restarts', async ({
    page,
    ble,
  }) => {
    const { massager, mark } = await sessionRunning(page, ble);
    await passTime(page, 2 * MINUTE, massager);
    // The page's clock jumped two minutes at once: in real time its record would have been
    // written every few seconds of them (PROGRESS_WRITE_MS), so reload only once it has caught up.
    await expect.poll(async () => (await journalRecords(page))[0]?.activeMs ?? 0).toBeGreaterThanOrEqual(2 * MINUTE);
    // A real device sees the link drop when the page that held it goes (fixtures/ble.ts).
    const writesBefore = massager.writes.length;

    await page.reload();

    await expect.poll(() => firstStop(massager, mark)).toBe('link-loss');
    expectAtRest(massager);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
    await expect(page.getByTestId('history-row').getByTestId('history-ended')).toHaveText('Interrupted (page closed)');
    const kept = await keptSession(page);
    expect(kept.endReason).toBe('interrupted');
    expect(kept.activeMs).toBeGreaterThanOrEqual(2 * MINUTE);

    // Back with the adapter: connecting sends a stop and nothing else, and no session starts by itself.
    await reloadWithAdapter(page, ble);
    await connectBluetooth(page);
    await expect(page.getByRole('button', { name: 'Start session' })).toBeDisabled();
    await passTime(page, MINUTE, massager);
    expect(massager.writes.slice(writesBefore).map((w) => w.hex)).toEqual(['00']);
    expectAtRest(massager);
  });

  test('the tab hidden for ten minutes with its timers stopped: the firmware stops at its deadline, and the page shows the session ended at its limit', async ({
    page,
    ble,
  }) => {
    // Gentle relief runs ten minutes: hidden half a minute in, the deadline falls while hidden.
    const { massager, mark } = await sessionRunning(page, ble, 'gentle');
    await page.waitForFunction(() => document.querySelector('app-root')?.services.device.idle ?? true);
    const writesBefore = massager.writes.length;
    // A background tab's timers are throttled: here they do not fire at all, while the wall clock moves on.
    const hiddenAt = await hideAndFreeze(page);
    await page.clock.setSystemTime(hiddenAt + 10 * MINUTE);
    massager.skip(10 * MINUTE);

    // The firmware stopped by itself at the deadline it was given, not on a command from the page.
    expect(firstStop(massager, mark)).toBe('deadline');
    expectAtRest(massager);

    await showTab(page);
    await page.clock.resume();

    await expect(page.getByTestId('session-end')).toContainText('Session complete.');
    const kept = await keptSession(page);
    expect(kept.endReason).toBe('completed');
    // Ended at its limit: ten minutes of session, not ten and a half.
    expect(kept.activeMs).toBe(10 * MINUTE);
    // Nothing but a stop went out after the tab was hidden.
    expect(massager.writes.slice(writesBefore).every((w) => w.hex === '00')).toBe(true);
    expectAtRest(massager);
  });

  test('the chooser cancelled: help is shown, the massager is never touched, and no session is recorded', async ({ page, ble }) => {
    const massager = await screened(page, ble);
    ble.choose = () => null;

    await page.getByRole('button', { name: 'Connect a Bluetooth massager' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'No massager was chosen' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start session' })).toHaveCount(0);
    expect(firmware(massager)).toMatchObject({ connected: false, armed: false, vibration: 0, kneading: 0, heat: 0 });
    expect(massager.writes).toEqual([]);
    expect(massager.stops).toEqual([]);
    expect(await journalRecords(page)).toEqual([]);
  });
});

test.describe('with no Bluetooth adapter', () => {
  test.use({ adapterState: 'absent' });

  test('the adapter absent: the page says so, the massager nearby is never reached, and no session is offered or recorded', async ({
    page,
    ble,
  }) => {
    const massager = await screened(page, ble);
    await expect(page.getByText('No Bluetooth adapter was found')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect a Bluetooth massager' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Start session' })).toHaveCount(0);
    expect(await journalRecords(page)).toEqual([]);
    // A massager is switched on nearby, but without an adapter nothing can reach it.
    expect(firmware(massager)).toMatchObject({ connected: false, armed: false, vibration: 0, kneading: 0, heat: 0 });
    expect(massager.writes).toEqual([]);
    expect(massager.stops).toEqual([]);
  });
});
