import { answerScreening, choosePreset, connectBluetooth, passTime, setSlider, slider, startSession } from './app.js';
import { keptSession } from './faults.js';
import { expect, test, type Page } from './fixtures/ble.js';
import { addDiyBoard, allOutputPinsLow, DIY_NAME, linesHeard, type DiyPeripheral } from './fixtures/diy-board.js';

/**
 * The DIY board through Chromium's real Web Bluetooth stack: the page drives the committed
 * firmware binary (firmware/easeback-diy.hex) on the emulated chip, and these tests read what
 * the chip's output pins do, not only the lines on the wire.
 */

function stopButton(page: Page) {
  return page.getByRole('button', { name: 'STOP', exact: true });
}

function pins(board: DiyPeripheral) {
  return board.firmware.snapshot().pins;
}

/**
 * Past the soft start for the page only: the board keeps real time, so its keep-alive watchdog
 * sees every K. The page's clock goes a second at a time, waiting for the link to be idle between
 * steps: one jump of 31 s would also fire the 1.5 s timeout of a keep-alive the jump itself sent.
 */
async function pastSoftStart(page: Page): Promise<void> {
  for (let second = 0; second < 31; second++) await passTime(page, 1000);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
}

test.describe('the DIY board, running the real firmware', () => {
  test('the motor and heater pins follow the controls, and STOP takes every output pin low', async ({ page, ble }) => {
    const board = await addDiyBoard(ble);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, DIY_NAME);
    // The app asks for the board's ranges at connect, and the board answers with them.
    await expect.poll(() => linesHeard(board)).toContain('?');
    await expect.poll(() => board.firmware.snapshot().boardLines).toContain('CAP V10 N3 H34-40 S1200');
    await expect(page.getByTestId('limits-notice')).toHaveCount(0);
    expect(allOutputPinsLow(board)).toBe(true);

    await choosePreset(page, 'everyday');
    await startSession(page);
    // A limits line arms the board's own session before anything is raised.
    await expect.poll(() => board.firmware.snapshot().armed).toBe(true);
    const limits = linesHeard(board).find((line) => line.startsWith('L'));
    expect(limits).toMatch(/^L\d{1,2},\d,\d{1,2},\d{1,4},\d{1,4}$/);
    await pastSoftStart(page);
    await expect.poll(() => linesHeard(board)).toContain('K');

    // Vibration level n is a duty of n × 255 / 10 at D9.
    await setSlider(page, 'Vibration', 2);
    await expect.poll(() => pins(board).vibrationDuty).toBe(51);
    await setSlider(page, 'Vibration', 1);
    await expect.poll(() => pins(board).vibrationDuty).toBe(25);

    // Kneading speed n is a duty of 85 × n at D10; the direction is the H-bridge inputs D7 / D8.
    await setSlider(page, 'Kneading', 1);
    await expect.poll(() => pins(board)).toMatchObject({ kneadingDuty: 85, in1: true, in2: false });
    await page.getByRole('radio', { name: 'Counterclockwise' }).check();
    await expect.poll(() => pins(board)).toMatchObject({ kneadingDuty: 85, in1: false, in2: true });

    // Heat: a setpoint above the pad's 30 °C opens the heater gate (D3); heat off closes it.
    await setSlider(page, 'Heat', 3);
    await expect.poll(() => board.firmware.snapshot().heat).toBe(36);
    await expect.poll(() => pins(board).heater).toBe(true);
    await setSlider(page, 'Heat', 0);
    await expect.poll(() => pins(board).heater).toBe(false);
    await setSlider(page, 'Heat', 3);
    await expect.poll(() => pins(board).heater).toBe(true);
    expect(board.firmware.snapshot().boardLines.filter((line) => line.startsWith('ERR'))).toEqual([]);

    await stopButton(page).click();
    await expect.poll(() => allOutputPinsLow(board)).toBe(true);
    expect(pins(board)).toMatchObject({ vibrationDuty: 0, kneadingDuty: 0, in1: false, in2: false, heater: false });
    // The pins go low in the receive interrupt; the main loop disarms the session a moment later.
    await expect.poll(() => board.firmware.snapshot()).toMatchObject({ armed: false, lastStop: 'stop-command' });
    // The stop went as newline, S, newline: taken even after noise that left a partial line.
    expect(board.writes.at(-1)?.hex).toBe('0a 53 0a');
    await expect(page.getByTestId('session-status')).not.toContainText(/Soft start|Running/);
  });

  test('a board that reports narrower ranges than its profile is used at the board’s ranges', async ({ page, ble }) => {
    // The committed binary reports the reference ranges; this stands for one built with smaller ones.
    const board = await addDiyBoard(ble, {
      rewriteBoardLine: (line) => (line.startsWith('CAP ') ? 'CAP V4 N1 H34-37 S600' : line),
    });
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, DIY_NAME);
    await expect.poll(() => board.firmware.snapshot().boardLines).toContain('CAP V10 N3 H34-40 S1200');
    // The controls offer the board's ranges: four vibration levels, one kneading speed, 34 to 37 °C.
    await expect(slider(page, 'Vibration')).toHaveAttribute('max', '4');
    await expect(slider(page, 'Kneading')).toHaveAttribute('max', '1');
    await expect(slider(page, 'Heat')).toHaveAttribute('max', '4');

    await choosePreset(page, 'everyday');
    await startSession(page);
    await expect.poll(() => board.firmware.snapshot().armed).toBe(true);
    // The limits line holds no more than the board's ranges: at most 4, 1, 37 °C and 600 s.
    const [, v, k, h, s, e] = /^L(\d+),(\d+),(\d+),(\d+),(\d+)$/.exec(linesHeard(board).find((l) => l.startsWith('L')) ?? '') ?? [];
    expect(Number(v)).toBeLessThanOrEqual(4);
    expect(Number(k)).toBeLessThanOrEqual(1);
    expect(Number(h)).toBeLessThanOrEqual(37);
    expect(Number(s)).toBeLessThanOrEqual(600);
    expect(Number(e)).toBeLessThanOrEqual(600);
    await pastSoftStart(page);
    await setSlider(page, 'Vibration', 4);
    await expect.poll(() => linesHeard(board).at(-1)).toMatch(/^[VK]/);
    expect(linesHeard(board).filter((l) => /^V\d+$/.test(l) && Number(l.slice(1)) > 4)).toEqual([]);
    expect(board.firmware.snapshot().boardLines.filter((line) => line.startsWith('ERR'))).toEqual([]);
    await stopButton(page).click();
    await expect.poll(() => allOutputPinsLow(board)).toBe(true);
  });

  test('the board’s own STOP button takes every output pin low, ends the session and is journaled as a button stop', async ({
    page,
    ble,
  }) => {
    const board = await addDiyBoard(ble);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, DIY_NAME);
    await choosePreset(page, 'everyday');
    await startSession(page);
    await expect.poll(() => board.firmware.snapshot().vibration).toBeGreaterThan(0);

    board.firmware.setButton(true, board.clock.now());
    await expect.poll(() => allOutputPinsLow(board)).toBe(true);
    board.firmware.setButton(false, board.clock.now());
    await expect.poll(() => board.firmware.snapshot().boardLines).toContain('STOP button');
    const kept = await keptSession(page);
    expect(kept.endReason, JSON.stringify(kept)).toBe('device-button');
    // Nothing restarts by itself: the board's latch holds, and the app sent no R on its own.
    await passTime(page, 5_000);
    expect(allOutputPinsLow(board)).toBe(true);
    expect(linesHeard(board)).not.toContain('R');
    expect(board.firmware.snapshot().faultBits & 16).toBe(16);

    // Only the person's deliberate release sends R; it switches nothing on, and a new start runs again.
    await page.getByRole('button', { name: 'Release the massager’s stop' }).click();
    await expect.poll(() => board.firmware.snapshot().faultBits & 16).toBe(0);
    expect(linesHeard(board).filter((line) => line === 'R')).toHaveLength(1);
    expect(allOutputPinsLow(board)).toBe(true);
    await startSession(page);
    await expect.poll(() => board.firmware.snapshot().vibration).toBeGreaterThan(0);
    await stopButton(page).click();
    await expect.poll(() => allOutputPinsLow(board)).toBe(true);
  });

  test('a heater that heats while switched off: every pin low, and the page tells the person to unplug the pad', async ({ page, ble }) => {
    const board = await addDiyBoard(ble);
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page, DIY_NAME);
    await expect(page.getByTestId('unplug-instruction')).toHaveCount(0);
    // A pad already warm from the body, and a MOSFET failed short: it heats with the gate off.
    board.firmware.board.padC = 36;
    board.firmware.inject({ kind: 'heater-runaway' });
    await passTime(page, 60_000, board);
    await expect.poll(() => board.firmware.snapshot().boardLines).toContain('MSG UNPLUG THE PAD');
    expect(board.firmware.snapshot().boardLines).toContain('STOP stuck');
    expect(allOutputPinsLow(board)).toBe(true);
    await expect(page.getByTestId('unplug-instruction')).toContainText('Unplug the heating pad now.');
  });
});
