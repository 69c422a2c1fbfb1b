import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Page } from '@playwright/test';
import { SIG } from '../../src/core/profile/uuid.js';
import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { answerScreening, choosePreset, connectBluetooth, passTime, startSession } from '../e2e/app.js';
import { expect, test, type Ble } from '../e2e/fixtures/ble.js';
import type { EmulatedPeripheral } from '../e2e/fixtures/emulated-peripheral.js';
import { percentile, round, type Figures } from './stats.js';

const TRIALS = Number(process.env.EASEBACK_BENCH_TRIALS ?? 60);
const DRAG_HZ = 60;
const CONTROL = OPEN_MASSAGER.control;

async function attach(figures: Figures): Promise<void> {
  await test.info().attach('figures', { body: JSON.stringify(figures), contentType: 'application/json' });
}

/**
 * Drags the Vibration slider in the page at 60 input events a second, as a finger on a touch
 * screen would, through the component's own input handler. Each input is reported to Node through
 * a binding, so the last one can be timed on Node's clock (the report arrives about a millisecond
 * after the input, so "last input to wire" is if anything slightly understated).
 */
async function startDrag(page: Page, values: readonly number[]): Promise<void> {
  await page.evaluate(
    ({ values: cycle, hz }) => {
      const root = document.querySelector('app-root')?.shadowRoot;
      const controls = root?.querySelector('app-output-controls')?.shadowRoot;
      const level = [...(controls?.querySelectorAll('app-level-control') ?? [])].find((el) => el.getAttribute('label') === 'Vibration');
      const input = level?.shadowRoot?.querySelector('input');
      if (!input) throw new Error('no vibration slider');
      let i = 0;
      const report = (globalThis as { __benchInput?: (value: number) => void }).__benchInput;
      (globalThis as { __benchDrag?: number }).__benchDrag = window.setInterval(() => {
        const value = cycle[i++ % cycle.length] ?? 1;
        report?.(value);
        input.value = String(value);
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }, 1000 / hz);
    },
    { values, hz: DRAG_HZ },
  );
}

async function stopDrag(page: Page): Promise<void> {
  await page.evaluate(() => window.clearInterval((globalThis as { __benchDrag?: number }).__benchDrag));
}

/** Records when each dragged input happened, on Node's clock. */
async function recordInputs(page: Page): Promise<{ at: number; value: number }[]> {
  const inputs: { at: number; value: number }[] = [];
  await page.exposeBinding('__benchInput', (_source, value: number) => void inputs.push({ at: performance.now(), value }));
  return inputs;
}

/**
 * What the page's own clock saw of one stop, as times on the page's event clock (ms since its time
 * origin, read from events' native timeStamps: the test clock Playwright installs fakes
 * performance.now and Date, not those, so passTime cannot move it).
 */
interface PageStopMark {
  /** The pointer-down reached the page (its native timeStamp). */
  readonly arrived: number;
  /** Its first listener ran: in between, the page's main thread was busy. */
  readonly handled: number;
  /**
   * The write the stop had to wait for: the page's last write before the stop that had not
   * settled when the pointer-down was handled (a page may have only one in flight at a time).
   */
  readonly inFlight: { readonly mode: string; readonly startedAt: number; readonly settledAt: number | null } | null;
  /** The stop frame handed to Web Bluetooth (writeValue…). */
  readonly handed: number;
}

/**
 * Marks, in every page the test opens, each stop frame handed to Web Bluetooth, with the write it
 * waited for, if any. Every writeValue… is wrapped (never replaced) to note when it was called and
 * when its promise settled, as the page saw it.
 */
async function markStops(page: Page): Promise<PageStopMark[]> {
  const marks: PageStopMark[] = [];
  await page.exposeBinding('__benchMark', (_source, mark: PageStopMark) => void marks.push(mark));
  await page.addInitScript(() => {
    const realNow = () => new Event('clock').timeStamp;
    interface Noted {
      mode: string;
      startedAt: number;
      settledAt: number | null;
    }
    let last: Noted | null = null;
    let downHandled = 0;
    let lastDown: { readonly arrived: number; readonly handled: number; readonly inFlight: Noted | null } | null = null;
    window.addEventListener(
      'pointerdown',
      (event) => {
        const inFlight = last && last.settledAt === null ? last : null;
        lastDown = { arrived: event.timeStamp, handled: realNow(), inFlight };
        downHandled = lastDown.handled;
      },
      { capture: true },
    );
    // Last in the pointer-down's dispatch: the page's own handlers, and the microtasks they set off
    // (renders among them), have run by now.
    const handlerTimes: { handled: number; took: number }[] = [];
    const writesHeld: number[] = [];
    Object.assign(globalThis, { __benchHandlerTimes: handlerTimes, __benchWritesHeld: writesHeld });
    window.addEventListener('pointerdown', () => {
      handlerTimes.push({ handled: downHandled, took: realNow() - downHandled });
    });
    const prototype = (globalThis as { BluetoothRemoteGATTCharacteristic?: { prototype: BluetoothRemoteGATTCharacteristic } })
      .BluetoothRemoteGATTCharacteristic?.prototype;
    if (!prototype) return;
    const report = (globalThis as { __benchMark?: (mark: PageStopMark) => void }).__benchMark;
    for (const name of ['writeValue', 'writeValueWithResponse', 'writeValueWithoutResponse'] as const) {
      // Wrapped, never replaced: the write goes on exactly as the page made it.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const original = prototype[name];
      prototype[name] = function (this: BluetoothRemoteGATTCharacteristic, value: BufferSource) {
        const bytes = ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value);
        const startedAt = realNow();
        if (bytes[0] === 0 && lastDown) {
          const { inFlight, ...down } = lastDown;
          report?.({ ...down, inFlight: inFlight && { ...inFlight }, handed: startedAt });
          lastDown = null;
        }
        const noted: Noted = { mode: name, startedAt, settledAt: null };
        last = noted;
        const written = original.call(this, value);
        // Registered before the page's own reactions, so it runs first when the write settles.
        const settled = () => {
          noted.settledAt = realNow();
          if (bytes[0] !== 0) writesHeld.push(noted.settledAt - startedAt);
        };
        written.then(settled, settled);
        return written;
      };
    }
  });
  return marks;
}

/**
 * One trial's time from the click to the stop's bytes at the peripheral, cut into segments that
 * sum to it. Every time is on Node's clock; the page's are moved onto it by the offset measured
 * before each trial (`pageClockOffset`), so only the first and the last segment carry that
 * offset's error (at most half the shortest round trip it was read in).
 */
interface StopTrial {
  readonly total: number;
  /** The click sent over CDP → the pointer-down in the page: Playwright, CDP and the browser's input routing. */
  readonly toPage: number;
  /** The pointer-down in the page → its first listener ran: the page's main thread was busy. */
  readonly queued: number;
  /**
   * That listener → the write in flight settled, as the page saw it (0 when none was): the single
   * writer's wait. It includes the emulated stack's answer to that write and the page getting to
   * the answer.
   */
  readonly waitInFlight: number;
  /** Then → the stop frame handed to Web Bluetooth: the page's own code (vet, encode, queue). */
  readonly inPage: number;
  /**
   * The stop frame handed to Web Bluetooth → the peripheral seeing it: Chromium's Web Bluetooth
   * stack, the emulated adapter, CDP and the fixture's Node event loop. No page code runs here.
   */
  readonly toPeripheral: number;
  /** How long the write in flight took from its call to its promise settling (null when none was). */
  readonly inFlightHeld: number | null;
  readonly inFlightMode: string | null;
}

/**
 * The page's event clock against Node's, from the shortest of many round trips (its error is at
 * most half that trip). Both clocks are monotonic, but the page's moves with the test clock's
 * fast-forward (passTime) as well, so it is read for each trial, after any jump and before the
 * drag starts, while the page is not busy.
 */
async function pageClockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 15; i++) {
    const before = performance.now();
    const stamp = await page.evaluate(() => new Event('clock').timeStamp);
    const after = performance.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: (before + after) / 2 - stamp };
  }
  return best.offset;
}

/**
 * What the page saw besides the stops, read at the end of a test: how long the stop's pointer-down
 * handlers ran (with the microtasks they set off, renders among them), and how long each other
 * write took from its call to its promise settling, as the page got to it (a busy main thread gets
 * to a write's answer late, and a stop waits for that answer).
 */
async function pageSideFigures(page: Page, prefix: string, marks: readonly PageStopMark[]): Promise<Figures> {
  const seen = await page.evaluate(() => {
    const g = globalThis as { __benchHandlerTimes?: { handled: number; took: number }[]; __benchWritesHeld?: number[] };
    return { handlers: g.__benchHandlerTimes ?? [], held: g.__benchWritesHeld ?? [] };
  });
  const stops = new Set(marks.map((m) => m.handled));
  const handlers = seen.handlers.filter((h) => stops.has(h.handled)).map((h) => h.took);
  const figures: Figures = {
    [`${prefix}_stop_handler_p50_ms`]: round(percentile(handlers, 50)),
    [`${prefix}_stop_handler_p95_ms`]: round(percentile(handlers, 95)),
    [`${prefix}_other_writes`]: seen.held.length,
  };
  if (seen.held.length === 0) return figures;
  return {
    ...figures,
    [`${prefix}_other_write_held_p50_ms`]: round(percentile(seen.held, 50)),
    [`${prefix}_other_write_held_p95_ms`]: round(percentile(seen.held, 95)),
    [`${prefix}_other_write_held_max_ms`]: round(Math.max(...seen.held)),
  };
}

async function timedStop(
  page: Page,
  device: EmulatedPeripheral,
  marks: PageStopMark[],
  at: { x: number; y: number },
  offset: number,
): Promise<StopTrial> {
  // The pointer is brought over the button first, untimed: a finger lands with no mouse move
  // before it, and Playwright's click waits for the page to take a move before it presses.
  await page.mouse.move(at.x, at.y);
  const from = device.writes.length;
  const seen = marks.length;
  const t0 = performance.now();
  await page.mouse.down();
  await page.mouse.up();
  const wroteAt = await waitForWrite(device, from, '00', page);
  // The mark's binding may arrive after the write did: wait a moment for it.
  await expect.poll(() => marks.length > seen).toBe(true);
  const mark = marks[seen];
  if (!mark) throw new Error('no mark for the stop');
  const onNode = (pageTime: number) => pageTime + offset;
  const settled = mark.inFlight?.settledAt ?? null;
  const waitedUntil = settled === null ? mark.handled : Math.min(Math.max(settled, mark.handled), mark.handed);
  return {
    total: wroteAt - t0,
    toPage: onNode(mark.arrived) - t0,
    queued: mark.handled - mark.arrived,
    waitInFlight: waitedUntil - mark.handled,
    inPage: mark.handed - waitedUntil,
    toPeripheral: wroteAt - onNode(mark.handed),
    inFlightHeld: mark.inFlight && settled !== null ? settled - mark.inFlight.startedAt : null,
    inFlightMode: mark.inFlight?.mode ?? null,
  };
}

/**
 * How late the Node event loop ran while the trials did: the emulated peripheral (the fixture)
 * answers and records every write there, so a busy loop stretches every stop, the floors' too.
 */
function nodeLoopDelay(prefix: string): () => Figures {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    return {
      [`${prefix}_node_loop_delay_p95_ms`]: round(histogram.percentile(95) / 1e6),
      [`${prefix}_node_loop_delay_max_ms`]: round(histogram.max / 1e6),
    };
  };
}

/** The segments of a stop, in order: they sum to its total. */
const SEGMENTS = {
  toPage: 'seg_click_to_page',
  queued: 'seg_queued',
  waitInFlight: 'seg_wait_in_flight',
  inPage: 'seg_in_page',
  toPeripheral: 'seg_handed_to_peripheral',
} as const;

/**
 * p50 and p95 of the total and of each segment, under `prefix`; then the tail, the slowest tenth
 * of the trials, as the mean of its totals and of each segment (means add up, so the tail's
 * segments sum to its total and say which part the tail is); then the write the stop waited for.
 */
function stopFigures(prefix: string, trials: readonly StopTrial[]): Figures {
  // Every trial, one JSON line each, for a closer look (EASEBACK_BENCH_DUMP=<file>).
  const dump = process.env.EASEBACK_BENCH_DUMP;
  if (dump) appendFileSync(dump, trials.map((t) => `${JSON.stringify({ prefix, ...t })}\n`).join(''));
  const figures: Figures = { [`${prefix}_trials`]: trials.length };
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  const tailFrom = percentile(
    trials.map((t) => t.total),
    90,
  );
  const tail = trials.filter((t) => t.total >= tailFrom);
  figures[`${prefix}_click_to_wire_p50_ms`] = round(
    percentile(
      trials.map((t) => t.total),
      50,
    ),
  );
  figures[`${prefix}_click_to_wire_p95_ms`] = round(
    percentile(
      trials.map((t) => t.total),
      95,
    ),
  );
  figures[`${prefix}_tail_trials`] = tail.length;
  figures[`${prefix}_tail_click_to_wire_mean_ms`] = round(mean(tail.map((t) => t.total)));
  for (const [key, name] of Object.entries(SEGMENTS) as [keyof typeof SEGMENTS, string][]) {
    const values = trials.map((t) => t[key]);
    figures[`${prefix}_${name}_p50_ms`] = round(percentile(values, 50));
    figures[`${prefix}_${name}_p95_ms`] = round(percentile(values, 95));
    figures[`${prefix}_tail_${name}_mean_ms`] = round(mean(tail.map((t) => t[key])));
  }
  const waited = trials.filter((t) => t.inFlightHeld !== null);
  figures[`${prefix}_stops_behind_a_write_in_flight`] = waited.length;
  for (const mode of ['writeValueWithResponse', 'writeValueWithoutResponse'] as const) {
    const held = waited.filter((t) => t.inFlightMode === mode).map((t) => t.inFlightHeld ?? 0);
    const label = mode === 'writeValueWithResponse' ? 'with_response' : 'without_response';
    figures[`${prefix}_in_flight_${label}_count`] = held.length;
    if (held.length > 0) figures[`${prefix}_in_flight_${label}_held_max_ms`] = round(Math.max(...held));
  }
  return figures;
}

async function waitForWrite(device: EmulatedPeripheral, from: number, hex: string, page?: Page): Promise<number> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const found = device.writes.slice(from).find((w) => w.hex === hex);
    if (found) return found.at;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const said = page
    ? await page
        .getByTestId('session-end')
        .textContent()
        .catch(() => null)
    : null;
  throw new Error(
    `no ${hex} write within 10 s; writes since: ${device.writes
      .slice(from)
      .map((w) => w.hex)
      .join(', ')}; page says: ${said ?? '(nothing)'}`,
  );
}

/**
 * Counts the notifications the firmware raises while each stop is in flight, by kind. In the
 * emulation each one is delivered by a page round trip and a GATT read (fixtures/ble.ts), which
 * competes with the stop write; on a radio a notification does not hold a write back.
 */
function countNotifications(
  massager: EmulatedPeripheral,
): (from: number, to: number) => Record<'state' | 'battery' | 'temperature', number> {
  const raised: { at: number; uuid: string }[] = [];
  massager.firmware.onNotify((uuid) => void raised.push({ at: performance.now(), uuid }));
  return (from, to) => {
    const inFlight = raised.filter((n) => n.at >= from && n.at <= to);
    return {
      state: inFlight.filter((n) => n.uuid === OPEN_MASSAGER.state).length,
      battery: inFlight.filter((n) => n.uuid === SIG.batteryLevel).length,
      temperature: inFlight.filter((n) => n.uuid === SIG.temperatureMeasurement).length,
    };
  };
}

/**
 * The app's stop during a 60 Hz drag. With `quietExtras`, the firmware stops notifying its
 * battery and thermometer once the app has subscribed (the app's own code is the same): what is
 * left of the gap to the floors is then what the app adds, and the rest was those notifications'
 * delivery through the emulated stack.
 */
async function appStopTrials(page: Page, ble: Ble, prefix: string, quietExtras: boolean): Promise<Figures> {
  const massager = await ble.massager();
  const marks = await markStops(page);
  const notifications = countNotifications(massager);
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page);
  if (quietExtras) for (const uuid of [SIG.batteryLevel, SIG.temperatureMeasurement]) massager.firmware.setNotifying(uuid, false);
  await choosePreset(page, 'everyday');
  const stop = page.getByRole('button', { name: 'STOP', exact: true });
  const start = page.getByRole('button', { name: 'Start session' });
  const trials: StopTrial[] = [];
  const raised = { state: 0, battery: 0, temperature: 0 };
  const loop = nodeLoopDelay(prefix);
  for (let trial = 0; trial < TRIALS; trial++) {
    const refusal = page.getByTestId('start-refusal');
    if ((await refusal.count()) > 0) throw new Error(`start refused: ${await refusal.textContent()}`);
    await expect(start).toBeEnabled();
    await startSession(page);
    // Past the soft start, so every dragged value is sent (sessions under a minute start no cool-down).
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status'), `trial ${trial}`)
      .toHaveText('Running')
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nsession end: ${await page.getByTestId('session-end').textContent()}`);
      });
    const box = await stop.boundingBox();
    if (!box) throw new Error('no Stop button');
    const offset = await pageClockOffset(page);
    await startDrag(page, [1, 2, 3, 4, 5, 4, 3, 2]);
    await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
    const clicked = performance.now();
    const timed = await timedStop(page, massager, marks, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, offset);
    trials.push(timed);
    const counted = notifications(clicked, clicked + timed.total);
    raised.state += counted.state;
    raised.battery += counted.battery;
    raised.temperature += counted.temperature;
    await stopDrag(page);
    await expect(page.getByTestId('session-end')).toBeVisible();
  }
  return {
    ...loop(),
    ...stopFigures(prefix, trials),
    ...(await pageSideFigures(page, prefix, marks)),
    [`${prefix}_click_to_wire_max_ms`]: round(Math.max(...trials.map((t) => t.total))),
    [`${prefix}_state_notifications_in_flight_per_stop`]: round(raised.state / TRIALS, 2),
    [`${prefix}_battery_notifications_in_flight_per_stop`]: round(raised.battery / TRIALS, 2),
    [`${prefix}_temperature_notifications_in_flight_per_stop`]: round(raised.temperature / TRIALS, 2),
  };
}

test('stop: click to stop bytes at the peripheral, while a slider is dragged at 60 events/s', async ({ page, ble }) => {
  await attach(await appStopTrials(page, ble, 'stop', false));
});

test('stop, extras quiet: the same, with the firmware not notifying its battery and thermometer', async ({ page, ble }) => {
  await attach(await appStopTrials(page, ble, 'quiet_stop', true));
});

test('floor: a bare page that writes one stop frame on click, through the same emulated stack', async ({ page, ble }) => {
  const massager = await ble.massager();
  const marks = await markStops(page);
  // Served by the test itself, so nothing of it ships with the app.
  await page.route('**/__bench/floor', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><button id="connect">connect</button><button id="stop" style="width:200px;height:80px">stop</button>
<script>
let control;
document.getElementById('connect').addEventListener('click', async () => {
  const device = await navigator.bluetooth.requestDevice({ filters: [{ namePrefix: 'Easeback' }], optionalServices: ['${OPEN_MASSAGER.service}'] });
  const server = await device.gatt.connect();
  const service = await server.getPrimaryService('${OPEN_MASSAGER.service}');
  control = await service.getCharacteristic('${CONTROL}');
  document.title = 'ready';
});
document.getElementById('stop').addEventListener('pointerdown', () => control.writeValueWithResponse(new Uint8Array([0])));
</script>`,
    }),
  );
  await page.goto('/__bench/floor');
  await page.click('#connect');
  await expect(page).toHaveTitle('ready');
  const box = await page.locator('#stop').boundingBox();
  if (!box) throw new Error('no stop button');
  const trials: StopTrial[] = [];
  const loop = nodeLoopDelay('floor');
  for (let trial = 0; trial < TRIALS; trial++) {
    const offset = await pageClockOffset(page);
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    trials.push(await timedStop(page, massager, marks, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, offset));
  }
  await attach({ ...loop(), ...stopFigures('floor', trials), ...(await pageSideFigures(page, 'floor', marks)) });
});

/**
 * The same 60 Hz drag as the app's stop trial, through a naive writer of the page's own, so the
 * ratio to it is what the app itself adds. One write in flight at a time (Chromium refuses a second
 * on the same characteristic), the newest dragged value waiting in one slot, the stop going next on
 * pointer-down; state notifications subscribed, as the app must; each trial arms a session with a
 * limits frame first, so the firmware runs and notifies as it does for the app. No vetting, no
 * session machine, no RxJS, no Lit. Two pacings: as fast as the link takes writes (the naive one),
 * and with the profile's minWriteGapMs between level writes, as the app spaces them (a stop skips
 * the gap in both, as it does in the app).
 */
const DRAG_FLOORS = [
  { figures: 'drag_floor', what: 'writing as fast as the link allows', gapMs: 0 },
  { figures: 'paced_floor', what: 'spacing level writes 50 ms apart (the profile’s minWriteGapMs)', gapMs: 50 },
] as const;

for (const floor of DRAG_FLOORS) {
  test(`${floor.figures.replace('_', ' ')}: a bare page with its own naive writer ${floor.what}, the same drag and stop`, async ({
    page,
    ble,
  }) => {
    const massager = await ble.massager();
    const marks = await markStops(page);
    await page.route('**/__bench/drag-floor', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><button id="connect">connect</button><button id="arm">arm</button>
<input id="level" type="range" min="0" max="5" value="0"><button id="stop" style="width:200px;height:80px">stop</button>
<script>
let control, limits, busy = false, waiting = null, stopped = true, drag = null, resting = null;
const GAP_MS = ${floor.gapMs};
async function pump() {
  if (busy || !waiting) return;
  // A level waits out the gap after the last one; a stop never does.
  if (resting !== null && waiting[0] !== 0) return;
  const next = waiting;
  waiting = null;
  busy = true;
  try {
    await (next[0] === 0 ? control.writeValueWithResponse(next) : control.writeValueWithoutResponse(next));
  } catch {}
  busy = false;
  if (GAP_MS > 0 && next[0] !== 0) resting = setTimeout(() => ((resting = null), void pump()), GAP_MS);
  void pump();
}
document.getElementById('connect').addEventListener('click', async () => {
  const device = await navigator.bluetooth.requestDevice({ filters: [{ namePrefix: 'Easeback' }], optionalServices: ['${OPEN_MASSAGER.service}'] });
  const server = await device.gatt.connect();
  const service = await server.getPrimaryService('${OPEN_MASSAGER.service}');
  control = await service.getCharacteristic('${CONTROL}');
  limits = await service.getCharacteristic('${OPEN_MASSAGER.limits}');
  const state = await service.getCharacteristic('${OPEN_MASSAGER.state}');
  state.addEventListener('characteristicvaluechanged', () => {});
  await state.startNotifications();
  document.title = 'ready';
});
document.getElementById('arm').addEventListener('click', async () => {
  await limits.writeValueWithResponse(new Uint8Array([1, 5, 2, 40, 0xb0, 4, 0x58, 2]));
  stopped = false;
  const cycle = [1, 2, 3, 4, 5, 4, 3, 2];
  let i = 0;
  const slider = document.getElementById('level');
  drag = setInterval(() => {
    slider.value = String(cycle[i++ % cycle.length]);
    slider.dispatchEvent(new Event('input'));
  }, 1000 / ${DRAG_HZ});
  document.title = 'armed';
});
document.getElementById('level').addEventListener('input', (event) => {
  if (stopped) return;
  waiting = new Uint8Array([1, Number(event.target.value)]);
  void pump();
});
document.getElementById('stop').addEventListener('pointerdown', () => {
  stopped = true;
  waiting = new Uint8Array([0]);
  void pump();
  clearInterval(drag);
  document.title = 'stopped';
});
</script>`,
      }),
    );
    await page.goto('/__bench/drag-floor');
    await page.click('#connect');
    await expect(page).toHaveTitle('ready');
    const box = await page.locator('#stop').boundingBox();
    if (!box) throw new Error('no stop button');
    const trials: StopTrial[] = [];
    const loop = nodeLoopDelay(floor.figures);
    for (let trial = 0; trial < TRIALS; trial++) {
      const offset = await pageClockOffset(page);
      await page.click('#arm');
      await expect(page).toHaveTitle('armed');
      await expect.poll(() => massager.firmware.snapshot().vibration).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
      trials.push(await timedStop(page, massager, marks, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, offset));
      await expect(page).toHaveTitle('stopped');
    }
    await attach({ ...loop(), ...stopFigures(floor.figures, trials), ...(await pageSideFigures(page, floor.figures, marks)) });
  });
}

test('drag: writes per second, writes pending, and the last value reaching the wire', async ({ page, ble }) => {
  const massager = await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page);
  await choosePreset(page, 'everyday');
  await startSession(page);
  await passTime(page, 31_000, massager);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  await page.evaluate(() => {
    const stats = document.querySelector('app-root')?.services.device.queueStats;
    if (stats) Object.assign(stats, { maxPending: 0, maxPendingPerKey: 0, maxInFlight: 0 });
  });
  const inputs = await recordInputs(page);
  const from = massager.writes.length;
  massager.maxWritesInFlight = 0;
  await startDrag(page, [1, 2, 3, 4, 5, 4, 3, 2]);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await stopDrag(page);
  const last = inputs.at(-1);
  if (!last) throw new Error('no drag');
  // The last value must land; then everything is counted.
  const lastHex = `01 0${last.value}`;
  await expect.poll(() => massager.writes.slice(from).some((w) => w.hex === lastHex && w.at >= last.at)).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const writes = massager.writes.slice(from);
  const arrived = writes.find((w) => w.hex === lastHex && w.at >= last.at);
  const span = (last.at - (inputs[0]?.at ?? last.at)) / 1000;
  const perCharacteristic = new Map<string, number>();
  for (const w of writes.filter((x) => x.at <= last.at)) perCharacteristic.set(w.uuid, (perCharacteristic.get(w.uuid) ?? 0) + 1);
  const stats = await page.evaluate(() => {
    const s = document.querySelector('app-root')?.services.device.queueStats;
    return s ? { maxPending: s.maxPending, maxPendingPerKey: s.maxPendingPerKey, maxInFlight: s.maxInFlight } : null;
  });
  await attach({
    drag_seconds: round(span),
    drag_events: inputs.length,
    drag_events_per_s: round(inputs.length / span, 1),
    drag_writes_control: perCharacteristic.get(CONTROL) ?? 0,
    drag_writes_per_s_max_characteristic: round(Math.max(0, ...perCharacteristic.values()) / span, 1),
    drag_max_pending_per_key: stats?.maxPendingPerKey ?? -1,
    drag_max_pending: stats?.maxPending ?? -1,
    drag_max_in_flight: stats?.maxInFlight ?? -1,
    drag_max_writes_in_flight_at_peripheral: massager.maxWritesInFlight,
    drag_last_input_to_wire_ms: arrived ? round(arrived.at - last.at) : -1,
  });
});
