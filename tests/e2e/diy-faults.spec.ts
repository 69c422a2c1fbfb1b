import { DIY_BOARD } from '../../src/core/protocol/diy-board.js';
import { passTime } from './app.js';
import {
  allPinsLow,
  boardLines,
  expectPinsStayLow,
  keptSession,
  passTimeTalking,
  pins,
  QUICK_PAD,
  RechunkingModule,
  runningAtThePins,
  SECOND,
  stopsSaid,
} from './diy.js';
import { expect, test } from './fixtures/ble.js';

/**
 * The fault suite at the pins (issue 15, item 6): Chromium's real Web Bluetooth stack drives the
 * DIY board's real firmware binary on the emulated chip. Each test brings a running session to a
 * fault and ends with every output pin low (D3, D7, D8, D9, D10: what the motors and the heater
 * really get) and the session kept in the journal with the reason it ended. One project: the pins
 * do not care about the screen size.
 */
const TX = DIY_BOARD.hm10.data;

function bytes(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

test.describe('the DIY board at its pins: the link and the page', () => {
  test('link loss mid-session: the board stops on its STATE pin, every output pin goes low, the session is kept as disconnected', async ({
    page,
    ble,
  }) => {
    const { board, from } = await runningAtThePins(page, ble);

    await board.dropLink();

    await expect.poll(() => stopsSaid(board, from)).toEqual(['link']);
    expect(allPinsLow(board)).toBe(true);
    expect(await keptSession(page)).toMatchObject({ endReason: 'disconnected' });
  });

  test('the page frozen mid-session: its keep-alives stop, the board’s watchdog takes every output pin low after 5 s, and the session is kept', async ({
    page,
    ble,
  }) => {
    const { board, from } = await runningAtThePins(page, ble);
    await page.waitForFunction(() => document.querySelector('app-root')?.services.device.idle ?? true);
    const stopsBefore = board.stops.length;
    const frozenAt = await page.evaluate(() => Date.now());
    // A frozen page runs no timer: no keep-alive goes out, while the board's time runs on. (Paused
    // a little ahead: pausing at a time already past fails, and reading the time takes a while.)
    await page.clock.pauseAt(frozenAt + 2 * SECOND);

    await expect.poll(() => stopsSaid(board, from)[0], { timeout: 15_000 }).toBe('watchdog');
    expect(allPinsLow(board)).toBe(true);
    // The silence is measured on the board's clock, from the last line it heard to its stop:
    // moving its clock by a fixed 4 s raced the real time the page took to freeze on a loaded
    // machine. (No skip happens here, so a write's real time maps to the board's by one offset.)
    const offset = board.clock.now() - performance.now();
    const stoppedAt = board.stopsSince(stopsBefore)[0]?.at ?? Infinity;
    const lastHeard = board.writes.filter((w) => w.at + offset <= stoppedAt).at(-1);
    const silence = stoppedAt - ((lastHeard?.at ?? -Infinity) + offset);
    // Not before the watchdog's 5 s, and soon after: the fixture sees a stop within a tick of the
    // board's clock (100 ms, or a little more on a loaded machine).
    expect(silence).toBeGreaterThanOrEqual(5 * SECOND);
    expect(silence).toBeLessThan(6.5 * SECOND);
    await page.clock.resume();
    // The board's watchdog is the app's lost link (PROTOCOL.md section 6): the session ends.
    expect((await keptSession(page)).endReason).not.toBeNull();
    await expectPinsStayLow(page, board);
  });
});

test.describe('the DIY board at its pins: the pad and its thermistor', () => {
  test('41 °C through the thermal model: a pad on something hot warms past the cut, every output pin goes low, the session ends as a fault', async ({
    page,
    ble,
  }) => {
    const { board, from } = await runningAtThePins(page, ble, { heat: 0 });
    // A hot-water bottle under the pad: its surroundings are at 48 °C, and it is near 41 already.
    board.firmware.board.pad = { ...QUICK_PAD, surroundingsC: 48 };
    board.firmware.board.padC = 40.4;

    await expect.poll(() => stopsSaid(board, from), { timeout: 20_000 }).toContain('hot');

    // The board cuts at the first ADC count that reads 41.0 °C: one count is about 0.11 °C there.
    expect(board.firmware.board.padC).toBeGreaterThanOrEqual(40.85);
    expect(allPinsLow(board)).toBe(true);
    expect(await keptSession(page)).toMatchObject({ endReason: 'fault' });
  });

  for (const condition of ['open', 'shorted'] as const) {
    test(`a thermistor ${condition} mid-session is a sensor fault: every output pin goes low and the session ends as a fault`, async ({
      page,
      ble,
    }) => {
      const { board, from } = await runningAtThePins(page, ble);

      board.firmware.board.thermistor = condition;

      await expect.poll(() => stopsSaid(board, from)).toEqual(['sensor']);
      expect(allPinsLow(board)).toBe(true);
      expect(await keptSession(page)).toMatchObject({ endReason: 'fault' });
      await expectPinsStayLow(page, board);
    });
  }

  test('a stuck heater MOSFET: the pad heats while switched off, the board cuts everything, and the app tells the person to unplug the pad', async ({
    page,
    ble,
  }) => {
    // No heat in this session: the heater gate stays off, and the pad heats all the same.
    const { board, from } = await runningAtThePins(page, ble, { heat: 0, padC: 35 });
    board.firmware.board.stuckHeater = true;

    for (let i = 0; i < 30 && !stopsSaid(board, from).includes('stuck'); i++) await passTimeTalking(page, board, 2 * SECOND);

    expect(stopsSaid(board, from)).toContain('stuck');
    // The message follows the STOP line over the serial line: it may still be on its way.
    await expect.poll(() => boardLines(board).slice(from)).toContain('MSG UNPLUG THE PAD');
    expect(pins(board)).toMatchObject({ vibrationDuty: 0, kneadingDuty: 0, in1: false, in2: false, heater: false });
    await expect(page.getByTestId('unplug-instruction')).toContainText('Unplug the heating pad now');
    expect(await keptSession(page)).toMatchObject({ endReason: 'fault' });
  });
});

test.describe('the DIY board at its pins: the chip', () => {
  test('a hung main loop: the chip’s watchdog resets it, it starts with every output pin low and says why, and the session ends', async ({
    page,
    ble,
  }) => {
    const { board, from } = await runningAtThePins(page, ble);

    board.firmware.board.hangMainLoop();
    board.skip(SECOND);

    expect(board.firmware.board.resets.map((r) => r.cause)).toEqual(['watchdog']);
    expect(allPinsLow(board)).toBe(true);
    expect(boardLines(board).slice(from)).toContain('BOOT watchdog 1.0.0');
    expect(await keptSession(page)).toMatchObject({ endReason: 'device-stopped' });
    await expectPinsStayLow(page, board);
    expect(board.firmware.board.resets).toHaveLength(1); // no reset loop
  });

  test('a power cycle mid-session: the board and its module lose power, it starts with every output pin low, and the session is kept as disconnected', async ({
    page,
    ble,
  }) => {
    const { board, from } = await runningAtThePins(page, ble);

    // The supply goes: the module on it drops the link, and the chip starts again from power-on.
    await board.dropLink();
    board.firmware.board.powerCycle();
    board.skip(300);

    expect(allPinsLow(board)).toBe(true);
    expect(boardLines(board).slice(from)).toContain('BOOT power 1.0.0');
    expect(await keptSession(page)).toMatchObject({ endReason: 'disconnected' });
    // Nothing restarts by itself, whatever the app does on reconnecting.
    await passTime(page, 3 * SECOND);
    expect(board.firmware.snapshot().armed).toBe(false);
    expect(allPinsLow(board)).toBe(true);
  });
});

test.describe('the DIY board at its pins: bad bytes', () => {
  test('malformed, overlong and binary lines from the board: the app stops the session, every output pin goes low, and the session is kept', async ({
    page,
    ble,
  }) => {
    const { board } = await runningAtThePins(page, ble);

    // As if the module passed on garbage, in 20-byte notifications with nothing of the board's
    // between them: a state line with a field missing, a line far longer than any board line, and
    // binary noise, each ended by a newline.
    const garbage = [
      ...bytes('ST A1 V2 N1,0 H0 T30.0 S800 E0 F0 X-\n'),
      ...bytes(`${'X'.repeat(90)}\n`),
      0x00,
      0xff,
      0x80,
      0x1b,
      0x53,
      0x0d,
      0x0a,
    ];
    const sent: Promise<void>[] = [];
    for (let i = 0; i < garbage.length; i += 20) sent.push(board.deliver(TX, garbage.slice(i, i + 20)));
    await Promise.all(sent);

    await expect.poll(() => allPinsLow(board)).toBe(true);
    expect(await keptSession(page)).toMatchObject({ endReason: 'write-failed', endDetail: expect.stringContaining('cannot read') });
    await expectPinsStayLow(page, board);
  });

  test('malformed, overlong and binary bytes reaching the board: it refuses them and raises nothing, and the STOP after them is taken at once', async ({
    page,
    ble,
  }) => {
    const { board, from } = await runningAtThePins(page, ble);
    const rx = DIY_BOARD.hm10.data;
    const before = pins(board);

    // As if a write were garbled on its way: a raise past the session's limits, an overlong line
    // in 20-byte writes, and binary noise that leaves a partial line behind.
    board.firmware.write(rx, Uint8Array.from(bytes('V10\n')), board.clock.now());
    for (let i = 0; i < 3; i++) board.firmware.write(rx, Uint8Array.from(bytes('V'.repeat(20))), board.clock.now());
    board.firmware.write(rx, Uint8Array.from(bytes('\n')), board.clock.now());
    board.firmware.write(rx, Uint8Array.from([0x4c, 0x00, 0xff, 0x39, 0x2c]), board.clock.now());
    board.skip(200);

    expect(
      boardLines(board)
        .slice(from)
        .filter((line) => line.startsWith('ERR')),
    ).toEqual(expect.arrayContaining(['ERR limit', 'ERR long']));
    expect(pins(board)).toEqual(before);
    await page.getByRole('button', { name: 'STOP', exact: true }).click();

    await expect.poll(() => allPinsLow(board)).toBe(true);
    // The pins go low first; the board's "STOP cmd" line follows over the serial line.
    await expect.poll(() => stopsSaid(board, from)).toEqual(['cmd']);
    expect(await keptSession(page)).toMatchObject({ endReason: 'user' });
  });

  test('lines split and merged across notifications at random: the session runs, and the STOP button on the board mid-session takes every pin low and is journaled as a button stop', async ({
    page,
    ble,
  }) => {
    test.slow(); // a notification is a round trip to the page, and here there are many
    const { board, from } = await runningAtThePins(page, ble, { rechunkSeed: 15 });
    await passTimeTalking(page, board, 4 * SECOND);
    await expect(page.getByTestId('session-status')).toHaveText('Running');

    // Both happened on the way: notifications that ended inside a line, and ones that carried the
    // end of one line and the start of the next.
    const module = board.firmware;
    if (!(module instanceof RechunkingModule)) throw new Error('the board is not behind the rechunking module');
    expect(module.split).toBeGreaterThan(0);
    expect(module.merged).toBeGreaterThan(0);

    board.firmware.setButton(true, board.clock.now());
    board.skip(5); // two ticks of the board's 1 kHz tick interrupt
    expect(allPinsLow(board)).toBe(true);
    board.firmware.setButton(false, board.clock.now());

    await expect.poll(() => stopsSaid(board, from)[0]).toBe('button');
    expect(await keptSession(page)).toMatchObject({ endReason: 'device-button' });
    await expectPinsStayLow(page, board);
  });
});
