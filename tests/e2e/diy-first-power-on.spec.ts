import type { Locator, Page } from '@playwright/test';
import { connectBluetooth } from './app.js';
import { allPinsLow, boardLines, boardNearby, pins } from './diy.js';
import { expect, test } from './fixtures/ble.js';
import { DIY_NAME } from './fixtures/diy-board.js';

/**
 * The first-power-on check of a board someone built (issue 15), walked through by the app:
 * Chromium's real Web Bluetooth stack drives the committed firmware binary on the emulated chip,
 * and each step is checked at the chip's pins (D9 and D10 duty, D7 and D8 direction, D3 heater
 * gate), not only on the wire. The page's clock runs in real time here, as the board's does.
 */

/** A pad in a 22 °C room that warms slowly enough (time constant 300 s) to watch its gate at each step. */
const ROOM_PAD = { surroundingsC: 22, heaterWatts: 10, kelvinPerWatt: 2, joulesPerKelvin: 150 };

function check(page: Page): Locator {
  return page.locator('app-board-check');
}

function step(page: Page): Locator {
  return page.getByTestId('board-check-step');
}

/** The step on screen and its phase, once the check has moved there. */
async function expectAt(page: Page, stepId: string, phase: string): Promise<void> {
  await expect(step(page)).toHaveAttribute('data-step', stepId, { timeout: 15_000 });
  await expect(step(page)).toHaveAttribute('data-phase', phase, { timeout: 15_000 });
}

/** Connected through the real chooser, and the check begun from the entry below the controls. */
async function connectedAndBegun(page: Page): Promise<void> {
  await connectBluetooth(page, DIY_NAME);
  await check(page).getByRole('button', { name: 'Start the board check' }).click();
}

test.describe('the first-power-on check, walked through by the app, at the pins', () => {
  test('every step runs only on its own press, each output at its lowest setting, stopped before its question', async ({ page, ble }) => {
    test.setTimeout(120_000);
    const board = await boardNearby(page, ble, { pad: ROOM_PAD });
    await connectedAndBegun(page);

    // The board's answer and its thermistor, with nothing run.
    await expectAt(page, 'vibration', 'ready');
    await expect(check(page).getByRole('listitem').filter({ hasText: 'The board answers' })).toContainText('Passed');
    await expect(check(page).getByRole('listitem').filter({ hasText: 'Thermistor' })).toContainText('Passed');
    expect(allPinsLow(board)).toBe(true);
    expect(board.firmware.snapshot().armed).toBe(false);
    expect(board.firmware.snapshot().linesHeard).toContain('?');

    // Vibration: level 1 is a duty of 25 at D9, and nothing else moves; off before the question.
    await check(page).getByRole('button', { name: 'Run the vibration motor' }).click();
    await expect.poll(() => pins(board), { intervals: [50] }).toMatchObject({ vibrationDuty: 25, kneadingDuty: 0, heater: false });
    expect(board.firmware.snapshot().linesHeard).toContain('L1,0,0,10,0');
    await expectAt(page, 'vibration', 'question');
    expect(allPinsLow(board)).toBe(true);
    await check(page).getByRole('button', { name: 'Yes' }).click();

    // Kneading one way: speed 1 is a duty of 85 at D10, D7 high and D8 low.
    await expectAt(page, 'kneading', 'ready');
    await check(page).getByRole('button', { name: 'Turn the kneading motor' }).click();
    await expect.poll(() => pins(board), { intervals: [50] }).toMatchObject({ kneadingDuty: 85, in1: true, in2: false, vibrationDuty: 0 });
    await expectAt(page, 'kneading', 'question');
    expect(allPinsLow(board)).toBe(true);
    await check(page).getByRole('button', { name: 'Yes' }).click();

    // And the other way: D7 low and D8 high.
    await check(page).getByRole('button', { name: 'Turn it the other way' }).click();
    await expect.poll(() => pins(board), { intervals: [50] }).toMatchObject({ kneadingDuty: 85, in1: false, in2: true });
    await expectAt(page, 'kneading-reverse', 'question');
    expect(allPinsLow(board)).toBe(true);
    await check(page).getByRole('button', { name: 'Yes' }).click();

    // Heat at the lowest setpoint only (34 °C): the gate at D3 opens, the reading rises a little, and it stops.
    await expectAt(page, 'heat', 'ready');
    const coolC = board.firmware.board.padC;
    await check(page).getByRole('button', { name: 'Warm the pad briefly' }).click();
    await expect.poll(() => pins(board).heater, { intervals: [50] }).toBe(true);
    expect(board.firmware.snapshot().linesHeard).toContain('L0,0,34,75,75');
    expect(board.firmware.snapshot().linesHeard).toContain('H34');
    await expectAt(page, 'heat', 'question');
    expect(allPinsLow(board)).toBe(true);
    expect(board.firmware.board.padC).toBeGreaterThan(coolC);
    expect(board.firmware.board.padC).toBeLessThan(coolC + 3);
    await check(page).getByRole('button', { name: 'Yes' }).click();

    // The board's STOP button: the app sees it; the release goes only on the person's press.
    await expectAt(page, 'button', 'press-button');
    board.firmware.setButton(true, board.clock.now());
    await expect.poll(() => boardLines(board)).toContain('STOP button');
    board.firmware.setButton(false, board.clock.now());
    await expectAt(page, 'button', 'release');
    await page.waitForTimeout(500);
    expect(board.firmware.snapshot().linesHeard).not.toContain('R');
    await check(page).getByRole('button', { name: 'Release the board’s stop' }).click();
    await expect.poll(() => board.firmware.snapshot().faultBits & 16).toBe(0);
    expect(board.firmware.snapshot().linesHeard.filter((line) => line === 'R')).toHaveLength(1);

    // Link loss, explained; then the summary.
    await expectAt(page, 'link', 'explain');
    await check(page).getByRole('button', { name: 'Understood' }).click();
    const summary = page.getByTestId('board-check-summary');
    await expect(summary).toContainText('Vibration motor: passed');
    await expect(summary).toContainText('Heating pad, briefly: passed');
    await expect(summary).toContainText('The board’s STOP button: passed');
    await expect(summary).not.toContainText('FAILED');
    expect(allPinsLow(board)).toBe(true);
    expect(boardLines(board).filter((line) => line.startsWith('ERR'))).toEqual([]);
    // Nothing runs after the check, and it sent nothing more.
    const heard = board.firmware.snapshot().linesHeard.length;
    await page.waitForTimeout(2000);
    expect(allPinsLow(board)).toBe(true);
    expect(
      board.firmware
        .snapshot()
        .linesHeard.slice(heard)
        .filter((line) => /^[LVNHR]/.test(line)),
    ).toEqual([]);
  });

  test('an open thermistor ends the check before any output runs, and says what to inspect', async ({ page, ble }) => {
    const board = await boardNearby(page, ble, { pad: ROOM_PAD });
    board.firmware.board.thermistor = 'open';
    await connectedAndBegun(page);
    const result = page.getByTestId('board-check-result');
    await expect(result).toBeVisible({ timeout: 15_000 });
    await expect(result.getByRole('alert')).toContainText('open or shorted');
    await expect(result.getByRole('alert')).toContainText('10 kΩ pull-up from A0');
    await expect(page.getByTestId('board-check-summary')).toContainText('Thermistor: FAILED');
    await expect(page.getByTestId('board-check-summary')).toContainText('Vibration motor: not run');
    expect(allPinsLow(board)).toBe(true);
    expect(board.firmware.snapshot().linesHeard.filter((line) => /^[LNHR]/.test(line))).toEqual([]);
    expect(board.firmware.snapshot().armed).toBe(false);
  });

  for (const how of ['STOP', 'Escape'] as const) {
    test(`${how} mid-step takes every output pin low and ends the check; nothing restarts`, async ({ page, ble }) => {
      const board = await boardNearby(page, ble, { pad: ROOM_PAD });
      await connectedAndBegun(page);
      await expectAt(page, 'vibration', 'ready');
      await check(page).getByRole('button', { name: 'Run the vibration motor' }).click();
      await expect.poll(() => pins(board).vibrationDuty, { intervals: [50] }).toBe(25);
      if (how === 'STOP') await page.getByRole('button', { name: 'STOP', exact: true }).click();
      else await page.keyboard.press('Escape');
      await expect.poll(() => allPinsLow(board)).toBe(true);
      await expect(page.getByTestId('board-check-result').getByRole('alert')).toContainText('You stopped the check');
      await expect(page.getByTestId('board-check-summary')).toContainText('Vibration motor: stopped');
      await page.waitForTimeout(4000);
      expect(allPinsLow(board)).toBe(true);
      expect(board.firmware.snapshot().armed).toBe(false);
    });
  }

  test('STOP mid-heat takes the heater gate low at once', async ({ page, ble }) => {
    test.setTimeout(90_000);
    const board = await boardNearby(page, ble, { pad: ROOM_PAD });
    await connectedAndBegun(page);
    for (const [stepId, run] of [
      ['vibration', 'Run the vibration motor'],
      ['kneading', 'Turn the kneading motor'],
      ['kneading-reverse', 'Turn it the other way'],
    ] as const) {
      await expectAt(page, stepId, 'ready');
      await check(page).getByRole('button', { name: run }).click();
      await expectAt(page, stepId, 'question');
      await check(page).getByRole('button', { name: 'Yes' }).click();
    }
    await expectAt(page, 'heat', 'ready');
    await check(page).getByRole('button', { name: 'Warm the pad briefly' }).click();
    await expect.poll(() => pins(board).heater, { intervals: [50] }).toBe(true);
    await check(page).getByRole('button', { name: 'Stop the check' }).click();
    await expect.poll(() => allPinsLow(board)).toBe(true);
    await expect(page.getByTestId('board-check-summary')).toContainText('Heating pad, briefly: stopped');
    await page.waitForTimeout(3000);
    expect(pins(board).heater).toBe(false);
  });

  test('a "no" to a motor question stops the check there, with what to check', async ({ page, ble }) => {
    const board = await boardNearby(page, ble, { pad: ROOM_PAD });
    await connectedAndBegun(page);
    await expectAt(page, 'vibration', 'ready');
    await check(page).getByRole('button', { name: 'Run the vibration motor' }).click();
    await expectAt(page, 'vibration', 'question');
    await check(page).getByRole('button', { name: 'No' }).click();
    await expect(page.getByTestId('board-check-result').getByRole('alert')).toContainText('MOSFET on D9');
    expect(allPinsLow(board)).toBe(true);
    expect(board.firmware.snapshot().linesHeard.filter((line) => line.startsWith('N'))).toEqual([]);
  });
});
