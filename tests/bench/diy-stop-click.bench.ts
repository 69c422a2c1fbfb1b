import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DIY_BOARD } from '../../src/core/protocol/diy-board.js';
import { DiyBoard } from '../../src/sim/avr/board.js';
import { CPU_HZ } from '../../src/sim/avr/chip.js';
import { parseIntelHex } from '../../src/sim/avr/intel-hex.js';
import { DiyBoardPeripheral } from '../../src/sim/diy-board-module.js';
import { answerScreening, choosePreset, connectBluetooth, journalRecords, setSlider, startSession } from '../e2e/app.js';
import { expect, test, type Ble } from '../e2e/fixtures/ble.js';
import { DIY_NAME, type DiyPeripheral } from '../e2e/fixtures/diy-board.js';
import { percentile, round, type Figures } from './stats.js';

/**
 * From a click on STOP in the browser to the DIY board's output pins going low, through Chromium's
 * real Web Bluetooth stack, the emulated HM-10 module and the committed firmware binary on the
 * emulated ATmega328P; and the same through a bare page that writes `\nS\n` to the module's
 * characteristic on pointer-down (the floor), so the ratio is what the app adds.
 *
 * Clocks. The board runs on the fixture's clock, which is Node's performance.now() (this bench
 * never skips it): board time t is Node time `powerOnNode + t`, and the fixture ticks the board up
 * to Node's now at every GATT operation and every 100 ms. The chip's cycle at which every output
 * pin (D3, D7, D8, D9, D10) is low is caught by a hook on the registers that switch them (TCCR1A,
 * PORTB, PORTD), checked one cycle after each write, and mapped to Node time by that relation:
 * "when the pins would have gone low, had the chip run in step with the wall clock". (The board
 * runs behind Node's now by up to one tick, then catches up: the mapped time is its own, not
 * when Node computed it.) The click is timed two ways:
 * - from Node's clock just before Playwright dispatches the mouse click over CDP;
 * - from the pointer-down event's own timeStamp in the page (the input event time), mapped to
 *   Node's clock through both clocks' epoch origins (performance.timeOrigin), with the skew
 *   between them measured (the tightest of 30 round trips) and printed with its bound.
 */
const TRIALS = Number(process.env.EASEBACK_BENCH_DIY_CLICK_TRIALS ?? 40);
const CYCLES_PER_MS = CPU_HZ / 1000;

const flash = parseIntelHex(readFileSync(new URL('../../firmware/easeback-diy.hex', import.meta.url), 'utf8'));

async function attach(figures: Figures): Promise<void> {
  await test.info().attach('figures', { body: JSON.stringify(figures), contentType: 'application/json' });
}

/** A DIY board on the emulated adapter, as tests/e2e/fixtures/diy-board.ts adds one, with its clock's anchor. */
async function addTimedBoard(ble: Ble): Promise<{ device: DiyPeripheral; watch: PinsLowWatch }> {
  const chip = new DiyBoard(flash);
  const powerOnNode = performance.now() - chip.nowMs;
  const firmware = new DiyBoardPeripheral(chip, { name: DIY_NAME, now: performance.now() });
  const device = await ble.addPeripheral({ name: DIY_NAME, firmware });
  return { device, watch: new PinsLowWatch(chip, powerOnNode) };
}

/** Catches the chip's cycle at which every output pin goes low, once armed. */
class PinsLowWatch {
  private _armed = false;
  private _lowAtNode: number | null = null;

  constructor(
    private readonly _board: DiyBoard,
    private readonly _powerOnNode: number,
  ) {
    const cpu = _board.chip.cpu;
    for (const register of [0x80 /* TCCR1A */, 0x25 /* PORTB */, 0x2b /* PORTD */]) {
      const original = cpu.writeHooks[register];
      cpu.writeHooks[register] = (value, oldValue, address, mask) => {
        const handled = original?.(value, oldValue, address, mask) ?? false;
        // The write itself lands after the hook returns: look one cycle later.
        if (this._armed) cpu.addClockEvent(() => this._check(), 1);
        return handled;
      };
    }
  }

  /** From now on, the first cycle with every output pin low is kept. */
  arm(): boolean {
    this._armed = !this._board.allOutputsLow();
    this._lowAtNode = null;
    return this._armed;
  }

  /** Node time (performance.now()) at which the pins went low, or null while not yet. */
  get lowAtNode(): number | null {
    return this._lowAtNode;
  }

  private _check(): void {
    if (!this._armed || !this._board.allOutputsLow()) return;
    this._armed = false;
    this._lowAtNode = this._powerOnNode + this._board.cycles / CYCLES_PER_MS;
  }
}

/** Pointer-down event times in the page, as epoch milliseconds (page timeOrigin + the event's timeStamp). */
async function recordPointerDowns(page: Page): Promise<number[]> {
  const downs: number[] = [];
  await page.exposeBinding('__benchDown', (_source, epochMs: number) => void downs.push(epochMs));
  await page.addInitScript(() => {
    const report = (globalThis as { __benchDown?: (epochMs: number) => void }).__benchDown;
    window.addEventListener('pointerdown', (event) => report?.(performance.timeOrigin + event.timeStamp), { capture: true });
  });
  return downs;
}

/** The page's epoch clock minus Node's, and how far off that can be (half a round trip). */
interface ClockSkew {
  readonly skew: number;
  readonly bound: number;
}

/**
 * Both epoch clocks come from the same system clock, so the skew holds for the whole run: it is
 * read over many round trips and the tightest is kept. The page reads the real time from an
 * event's timeStamp (Playwright's test clock fakes performance.now, not that).
 */
async function clockSkew(page: Page, samples = 30): Promise<ClockSkew> {
  let best: ClockSkew = { skew: 0, bound: Infinity };
  for (let i = 0; i < samples; i++) {
    const before = performance.timeOrigin + performance.now();
    const pageEpoch = await page.evaluate(() => performance.timeOrigin + new Event('clock').timeStamp);
    const after = performance.timeOrigin + performance.now();
    if ((after - before) / 2 < best.bound) best = { skew: pageEpoch - (before + after) / 2, bound: (after - before) / 2 };
  }
  return best;
}

interface ClickTrial {
  /** Node's clock before the CDP click → every output pin low. */
  readonly dispatchToPins: number;
  /** The pointer-down's own timeStamp → every output pin low. */
  readonly inputToPins: number;
  /** The pointer-down → the stop's write reaching the emulated module (page, Chromium, CDP). */
  readonly inputToModule: number;
  /** That write → the pins low: 3 bytes at 9600 baud into the USART, and the firmware. */
  readonly moduleToPins: number;
}

async function timedClick(
  page: Page,
  device: DiyPeripheral,
  watch: PinsLowWatch,
  downs: number[],
  skew: number,
  at: { readonly x: number; readonly y: number },
): Promise<ClickTrial | string> {
  if (!watch.arm()) return 'every output pin was already low';
  const writesBefore = device.writes.length;
  const downsBefore = downs.length;
  const t0 = performance.now();
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => watch.lowAtNode !== null && downs.length > downsBefore, { timeout: 10_000 }).toBe(true);
  const lowAt = watch.lowAtNode ?? NaN;
  const stopWriteSince = () => device.writes.slice(writesBefore).find((w) => w.hex === '0a 53 0a');
  const sent = await expect
    .poll(() => stopWriteSince() !== undefined, { timeout: 10_000 })
    .toBe(true)
    .then(() => true)
    .catch(() => false);
  const stopWrite = stopWriteSince();
  // No stop sent (the session had ended by itself, so STOP had nothing to stop), or the pins low
  // before the stop reached the module (the board stopped by itself as the click went out).
  if (!sent || !stopWrite) return 'no stop was written';
  if (lowAt < stopWrite.at) return `the pins were low ${round(stopWrite.at - lowAt)} ms before the stop reached the module`;
  // The input event's time on Node's clock: its epoch time, less the page's skew, less Node's origin.
  const inputAt = (downs[downsBefore] ?? NaN) - skew - performance.timeOrigin;
  return {
    dispatchToPins: lowAt - t0,
    inputToPins: lowAt - inputAt,
    inputToModule: stopWrite.at - inputAt,
    moduleToPins: lowAt - stopWrite.at,
  };
}

function clickFigures(prefix: string, trials: readonly ClickTrial[], skew: ClockSkew): Figures {
  const figures: Figures = { [`${prefix}_trials`]: trials.length };
  const names = {
    inputToPins: 'input_to_pins',
    dispatchToPins: 'click_dispatch_to_pins',
    inputToModule: 'seg_input_to_module',
    moduleToPins: 'seg_module_to_pins',
  } as const;
  for (const key of ['inputToPins', 'dispatchToPins', 'inputToModule', 'moduleToPins'] as const) {
    const values = trials.map((t) => t[key]);
    figures[`${prefix}_${names[key]}_p50_ms`] = round(percentile(values, 50));
    figures[`${prefix}_${names[key]}_p95_ms`] = round(percentile(values, 95));
  }
  figures[`${prefix}_input_to_pins_max_ms`] = round(Math.max(...trials.map((t) => t.inputToPins)));
  // The page's clock against Node's: the input-time figures are good to within the bound.
  figures[`${prefix}_page_clock_skew_ms`] = round(skew.skew);
  figures[`${prefix}_page_clock_skew_bound_ms`] = round(skew.bound);
  return figures;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('DIY board: click on STOP in the app to every output pin low, through the real firmware', async ({ page, ble }) => {
  test.setTimeout(30 * 60_000);
  const { device, watch } = await addTimedBoard(ble);
  const downs = await recordPointerDowns(page);
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page, DIY_NAME);
  await choosePreset(page, 'everyday');
  const skew = await clockSkew(page);
  const stop = page.getByRole('button', { name: 'STOP', exact: true });
  const start = page.getByRole('button', { name: 'Start session' });
  const trials: ClickTrial[] = [];
  let restarts = 0;
  while (trials.length < TRIALS) {
    await expect(start).toBeEnabled({ timeout: 10_000 });
    await startSession(page);
    await setSlider(page, 'Vibration', 3);
    const on = await expect
      .poll(() => device.firmware.board.pins().vibrationDuty, { timeout: 5_000 })
      .toBeGreaterThan(0)
      .then(() => true)
      .catch(() => false);
    await pause(250 + Math.random() * 500);
    const running = await page.getByTestId('session-status').textContent();
    if (!on || !/Soft start|Running/.test(running ?? '') || device.firmware.board.allOutputsLow()) {
      // The session ended before the click (the app's own pre-start stop echo, noted last
      // session): not a stop to time. Counted and printed.
      restarts++;
      const why = !on ? 'vibration never on' : device.firmware.board.allOutputsLow() ? 'pins low' : `status "${running ?? ''}"`;
      console.log(
        `diy stop click: not timed (${why}); journal: ${JSON.stringify((await journalRecords(page)).slice(-1).map((r) => r.endReason))}`,
      );
      if (restarts > TRIALS) throw new Error(`sessions kept ending by themselves: ${running ?? ''}`);
      if (await stop.isEnabled()) await stop.click();
      await expect(page.getByTestId('session-end')).toBeVisible();
      continue;
    }
    const box = await stop.boundingBox();
    if (!box) throw new Error('no Stop button');
    const trial = await timedClick(page, device, watch, downs, skew.skew, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    if (typeof trial !== 'string') trials.push(trial);
    else restarts++;
    await expect(page.getByTestId('session-end')).toBeVisible();
  }
  await attach({ ...clickFigures('diy_stop', trials, skew), diy_stop_sessions_ended_before_click: restarts });
});

test('DIY board floor: a bare page that writes \\nS\\n on pointer-down, through the same emulated stack', async ({ page, ble }) => {
  test.setTimeout(30 * 60_000);
  const { device, watch } = await addTimedBoard(ble);
  const downs = await recordPointerDowns(page);
  // Served by the test itself, so nothing of it ships with the app. As the app does: notifications
  // on (the board's replies come back), the stop written with a response, one write at a time.
  await page.route('**/__bench/diy-floor', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><button id="connect">connect</button><button id="arm">arm</button>
<button id="stop" style="width:200px;height:80px">stop</button>
<script>
let data;
const bytes = (text) => new TextEncoder().encode(text);
document.getElementById('connect').addEventListener('click', async () => {
  const device = await navigator.bluetooth.requestDevice({ filters: [{ name: '${DIY_NAME}' }], optionalServices: ['${DIY_BOARD.hm10.service}'] });
  const server = await device.gatt.connect();
  const service = await server.getPrimaryService('${DIY_BOARD.hm10.service}');
  data = await service.getCharacteristic('${DIY_BOARD.hm10.data}');
  data.addEventListener('characteristicvaluechanged', () => {});
  await data.startNotifications();
  document.title = 'ready';
});
document.getElementById('arm').addEventListener('click', async () => {
  document.title = 'arming';
  await data.writeValueWithResponse(bytes('L10,3,40,1200,1200\\n'));
  await data.writeValueWithResponse(bytes('V3\\n'));
  document.title = 'armed';
});
document.getElementById('stop').addEventListener('pointerdown', () => {
  data.writeValueWithResponse(bytes('\\nS\\n')).then(() => (document.title = 'stopped'));
});
</script>`,
    }),
  );
  await page.goto('/__bench/diy-floor');
  await page.click('#connect');
  await expect(page).toHaveTitle('ready', { timeout: 10_000 });
  const skew = await clockSkew(page);
  const box = await page.locator('#stop').boundingBox();
  if (!box) throw new Error('no stop button');
  const trials: ClickTrial[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    await page.click('#arm');
    await expect(page).toHaveTitle('armed');
    await expect.poll(() => device.firmware.board.pins().vibrationDuty, { timeout: 5_000 }).toBeGreaterThan(0);
    await pause(250 + Math.random() * 500);
    const trial = await timedClick(page, device, watch, downs, skew.skew, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    if (typeof trial === 'string') throw new Error(`the bare page's stop was not timed: ${trial}`);
    trials.push(trial);
    await expect(page).toHaveTitle('stopped');
  }
  await attach(clickFigures('diy_floor', trials, skew));
});
