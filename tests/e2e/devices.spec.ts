import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { NORDIC_UART } from '../../src/core/protocol/uart-text.js';
import { UartMassagerFirmware } from '../../src/sim/uart-massager-firmware.js';
import { answerScreening, choosePreset, connectBluetooth, passTime, reloadWithAdapter, setSlider, slider, startSession } from './app.js';
import type { EmulatedPeripheral } from './fixtures/emulated-peripheral.js';
import { expect, test, type Page } from './fixtures/ble.js';

const UART_NAME = 'EB-UART Sim';

/** A UART massager on the emulated adapter, answered by the simulated UART firmware. */
async function uartMassager(ble: { addPeripheral: (o: { name: string; firmware: UartMassagerFirmware }) => Promise<EmulatedPeripheral> }) {
  const firmware = new UartMassagerFirmware({ name: UART_NAME, now: performance.now() });
  const peripheral = await ble.addPeripheral({ name: UART_NAME, firmware });
  return { peripheral, firmware };
}

/** Every line the page wrote to the UART's RX, in order, as text ("V2\n"). */
function linesWritten(peripheral: EmulatedPeripheral): string[] {
  return peripheral.writesTo(NORDIC_UART.rx).map((w) => String.fromCharCode(...w.bytes));
}

function stopButton(page: Page) {
  return page.getByRole('button', { name: 'STOP', exact: true });
}

async function importProfile(page: Page, name: string, json: unknown): Promise<void> {
  await page.getByLabel('Import a profile (JSON)').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)),
  });
}

/** A person's profile for the UART massager: three vibration steps and no more than 38 °C. */
const NARROWED_UART = {
  schemaVersion: 1,
  id: 'my-uart',
  name: 'My gentler UART massager',
  family: 'uart-text-v1',
  extends: 'uart-massager',
  match: { namePrefixes: ['EB-UART'], services: [NORDIC_UART.service] },
  gatt: { service: NORDIC_UART.service, control: NORDIC_UART.rx, state: NORDIC_UART.tx },
  standardServices: [],
  capabilities: { vibration: { steps: 3 }, heat: { mode: 'celsius', min: 34, max: 38 } },
  limitsEnforcedByDevice: false,
  timing: { minWriteGapMs: 60, writeTimeoutMs: 1500, keepaliveMs: 1500 },
  commands: { stop: { text: 'S\n' }, vibration: { text: 'V{level}\n' }, heat: { text: 'H{celsius}\n' }, keepalive: { text: 'K\n' } },
};

test.describe('both device families through the real chooser', () => {
  test('the open massager: a preset runs inside the limits it was sent first, and a stop reaches the device', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    // This device holds limits itself: no notice that it cannot.
    await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected');
    await expect(page.getByTestId('limits-notice')).toHaveCount(0);
    await expect(slider(page, 'Kneading')).toBeVisible();
    await choosePreset(page, 'gentle');
    await startSession(page);
    // First use / Gentle on 10 steps: vibration 3, kneading 1, 38 °C (heat step 2), 600 s of session and heat.
    await expect.poll(() => massager.writesTo(OPEN_MASSAGER.limits).map((w) => w.hex)).toEqual(['01 03 01 26 58 02 58 02']);
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    await expect.poll(() => massager.firmware.snapshot()).toMatchObject({ armed: true });
    // Heat in steps on this device: the step and its temperature.
    await expect(slider(page, 'Heat')).toHaveAttribute('aria-valuetext', 'Step 2 of 3 (38 °C)');
    await stopButton(page).click();
    await expect.poll(() => massager.writes.at(-1)).toMatchObject({ hex: '00', writeType: 'write-with-response' });
    expect(massager.firmware.snapshot()).toMatchObject({ vibration: 0, kneading: 0, heat: 0, armed: false });
  });

  test('the UART massager: no limits are written, keep-alives flow while it runs, and a stop ends them', async ({ page, ble }) => {
    const { peripheral, firmware } = await uartMassager(ble);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, UART_NAME);
    await expect(page.getByTestId('limits-notice')).toContainText('This massager cannot enforce limits on its own.');
    // Capabilities drive the controls: no kneading on this device, heat in degrees.
    await choosePreset(page, 'everyday');
    await expect(slider(page, 'Vibration')).toBeVisible();
    await expect(slider(page, 'Kneading')).toHaveCount(0);
    await expect(page.getByRole('radio', { name: 'Counterclockwise' })).toHaveCount(0);
    await startSession(page);

    // Everyday relief on 5 steps: soft start towards vibration 1, heat at 38 °C; no limits line.
    await expect.poll(() => linesWritten(peripheral)).toEqual(expect.arrayContaining(['V1\n', 'H38\n']));
    await expect.poll(() => linesWritten(peripheral)).toContain('K\n');
    expect(linesWritten(peripheral).every((line) => /^(S|K|V\d|H\d+)\n$/.test(line))).toBe(true);
    expect(firmware.snapshot()).toMatchObject({ vibration: 1, heat: 38 });
    // Heat in degrees on this device: the degrees alone.
    await expect(slider(page, 'Heat')).toHaveAttribute('aria-valuetext', '38 °C');

    await passTime(page, 31_000);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    // At most half of five steps, rounded down: asking for the top step gets 2.
    await setSlider(page, 'Vibration', 5);
    await expect.poll(() => linesWritten(peripheral).at(-1)).toBe('V2\n');
    await expect.poll(() => firmware.snapshot().vibration).toBe(2);
    expect(firmware.snapshot().lastStopWasWatchdog).toBe(false);

    await stopButton(page).click();
    await expect.poll(() => peripheral.writes.at(-1)).toMatchObject({ writeType: 'write-with-response' });
    await expect.poll(() => linesWritten(peripheral).at(-1)).toBe('S\n');
    expect(firmware.snapshot()).toMatchObject({ vibration: 0, heat: 0, lastStop: 'stop-command' });
    // Ten seconds later for the page: were keep-alives still due, several would have gone out.
    const afterStop = linesWritten(peripheral).length;
    await passTime(page, 10_000);
    expect(linesWritten(peripheral).slice(afterStop)).toEqual([]);
  });

  test('the UART massager with its page frozen: the keep-alives stop, its watchdog switches it off, and the page, once free, says so', async ({
    page,
    ble,
  }) => {
    const { peripheral, firmware } = await uartMassager(ble);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, UART_NAME);
    await startSession(page);
    await expect.poll(() => linesWritten(peripheral)).toContain('K\n');
    expect(firmware.snapshot().vibration).toBeGreaterThan(0);
    const writesBefore = peripheral.writes.length;

    // A modal dialog holds the page's main thread: no timer runs, so no keep-alive goes out. The link stays up.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    page.once('dialog', (dialog) => void released.then(() => dialog.accept()));
    const frozen = page.evaluate(() => window.alert('Easeback is frozen for a test'));

    await expect.poll(() => firmware.snapshot().lastStopWasWatchdog, { timeout: 15_000 }).toBe(true);
    expect(firmware.snapshot()).toMatchObject({ connected: true, vibration: 0, heat: 0 });
    expect(peripheral.writes.length).toBe(writesBefore);

    release();
    await frozen;
    await expect(page.getByTestId('session-end')).toContainText('stopped by itself');
    expect(firmware.snapshot()).toMatchObject({ vibration: 0, heat: 0 });
  });

  test('the UART massager at 41.5 °C: it cuts out by itself, says so in a line, and the session ends as a safety fault', async ({
    page,
    ble,
  }) => {
    const { firmware } = await uartMassager(ble);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, UART_NAME);
    await startSession(page);
    await expect.poll(() => firmware.snapshot().heat).toBeGreaterThan(0);

    firmware.inject({ kind: 'heater-temperature', celsius: 41.5 });

    expect(firmware.snapshot()).toMatchObject({ vibration: 0, heat: 0, overTemperature: true, lastStop: 'over-temperature' });
    // The STOP line comes before the status line: the page names the firmware's own cause, then shows the reading.
    await expect(page.getByTestId('session-end')).toContainText(
      'Stopped by a safety fault. The massager stopped by itself (over temperature).',
    );
    await expect(page.getByText('41.5 °C')).toBeVisible();
  });

  test('the simulated massager in the page can be the UART device, with its notice and without kneading', async ({ page }) => {
    await page.goto('/');
    await answerScreening(page);
    await page.getByLabel('Simulated device').selectOption({ label: 'UART Massager' });
    await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
    await expect(page.getByTestId('connection-state')).toHaveText(`${UART_NAME} connected (simulated)`);
    await expect(page.getByTestId('limits-notice')).toBeVisible();
    await expect(slider(page, 'Kneading')).toHaveCount(0);
    await startSession(page);
    await expect(page.getByTestId('fw-vibration')).toHaveText('1');
    await stopButton(page).click();
    await expect(page.getByTestId('fw-vibration')).toHaveText('0');
  });
});

test.describe('imported profiles', () => {
  test('a narrowing profile is kept across a reload, picked for the device, and holds it to its narrower range', async ({ page, ble }) => {
    const { peripheral, firmware } = await uartMassager(ble);
    await page.goto('/');
    await answerScreening(page);
    await importProfile(page, 'my-uart.json', NARROWED_UART);
    await expect(page.getByTestId('profile-outcome')).toContainText('Imported My gentler UART massager');
    await reloadWithAdapter(page, ble);
    await expect(page.getByRole('list', { name: 'Imported profiles' })).toContainText(
      'My gentler UART massager (my-uart, narrows uart-massager)',
    );

    await connectBluetooth(page, UART_NAME);
    await choosePreset(page, 'everyday');
    await startSession(page);
    await passTime(page, 31_000);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    // Three steps now, and half of three rounds down to 1: the control offers no more.
    await expect(slider(page, 'Vibration')).toHaveAttribute('aria-valuetext', 'Level 1 of 3');
    await expect(page.getByText('(up to 1)')).toBeVisible();
    await setSlider(page, 'Vibration', 3);
    expect(linesWritten(peripheral).filter((line) => line.startsWith('V') && line !== 'V0\n' && line !== 'V1\n')).toEqual([]);
    await expect.poll(() => firmware.snapshot().vibration).toBe(1);
    await stopButton(page).click();
    await expect.poll(() => linesWritten(peripheral).at(-1)).toBe('S\n');

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Remove My gentler UART massager' }).click();
    await expect(page.getByRole('list', { name: 'Imported profiles' })).toHaveCount(0);
  });

  test('a malformed profile, and one that widens a built-in, are refused with the field named and not kept', async ({ page }) => {
    await page.goto('/');
    await answerScreening(page);
    await importProfile(page, 'broken.json', { ...NARROWED_UART, id: 'broken', capabilities: { vibration: { steps: 0 } } });
    await expect(page.getByTestId('profile-outcome')).toContainText(
      'broken.json was not imported. capabilities.vibration.steps: must be a whole number from 1 to 100',
    );
    await importProfile(page, 'wider.json', { ...NARROWED_UART, capabilities: { ...NARROWED_UART.capabilities, vibration: { steps: 9 } } });
    await expect(page.getByTestId('profile-outcome')).toContainText(
      'wider.json was not imported. capabilities.vibration.steps: must be at most 5',
    );
    await importProfile(page, 'not-json.json', '{"schemaVersion": 1,');
    await expect(page.getByTestId('profile-outcome')).toContainText('not-json.json was not imported. The file is not JSON');
    await expect(page.getByRole('list', { name: 'Imported profiles' })).toHaveCount(0);
  });
});
