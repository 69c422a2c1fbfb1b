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

/** What the page's own clock saw of one stop: two segments, each on one clock, so exact. */
interface PageStopMark {
  /** The pointer-down reached the page → its first listener ran: the page's main thread was busy. */
  readonly queued: number;
  /**
   * That listener → the stop frame handed to Web Bluetooth (writeValue…): the page's own code, and
   * the wait for a write already in flight to come back (a page may have only one at a time).
   */
  readonly inPage: number;
  /** When the stop frame was handed to Web Bluetooth, on the system clock (timeOrigin + the event clock). */
  readonly handedAtWall: number;
}

/**
 * Marks, in every page the test opens, each stop frame handed to Web Bluetooth, with the page-side
 * segments before it. The page's clock is read from events' native timeStamps: the test clock
 * Playwright installs fakes performance.now, not those.
 */
async function markStops(page: Page): Promise<PageStopMark[]> {
  const marks: PageStopMark[] = [];
  await page.exposeBinding('__benchMark', (_source, mark: PageStopMark) => void marks.push(mark));
  await page.addInitScript(() => {
    const realNow = () => new Event('clock').timeStamp;
    // The system clock at the event clock's zero, read at load, before the test clock is moved on
    // (passTime fast-forwards it, and the page's Date and timeOrigin with it).
    const wallAtZero = Date.now() - realNow();
    let lastDown: { readonly arrived: number; readonly handled: number } | null = null;
    window.addEventListener('pointerdown', (event) => (lastDown = { arrived: event.timeStamp, handled: realNow() }), { capture: true });
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
        if (bytes[0] === 0 && lastDown) {
          const handed = realNow();
          report?.({
            queued: lastDown.handled - lastDown.arrived,
            inPage: handed - lastDown.handled,
            handedAtWall: wallAtZero + handed,
          });
          lastDown = null;
        }
        return original.call(this, value);
      };
    }
  });
  return marks;
}

/** One trial's time from the click to the stop's bytes at the peripheral, and where it went. */
interface StopTrial {
  readonly total: number;
  readonly queued: number;
  readonly inPage: number;
  /**
   * The rest, outside the page's JavaScript: the click dispatched over CDP to the renderer, then
   * Chromium's Web Bluetooth stack, the emulated adapter over CDP and the test fixture.
   */
  readonly outside: number;
  /**
   * Of `outside`, the part from the stop frame handed to Web Bluetooth to the peripheral seeing it
   * (the browser's Web Bluetooth stack, the emulated adapter, CDP and the fixture's Node event
   * loop), across the page's and Node's clocks: both read the system clock, to about a millisecond.
   */
  readonly toPeripheral: number;
}

async function timedStop(page: Page, device: EmulatedPeripheral, marks: PageStopMark[], at: { x: number; y: number }): Promise<StopTrial> {
  const from = device.writes.length;
  const seen = marks.length;
  const t0 = performance.now();
  await page.mouse.click(at.x, at.y);
  const wroteAt = await waitForWrite(device, from, '00', page);
  const total = wroteAt - t0;
  // The mark's binding may arrive after the write did: wait a moment for it.
  await expect.poll(() => marks.length > seen).toBe(true);
  const { queued, inPage, handedAtWall } = marks[seen] ?? { queued: 0, inPage: 0, handedAtWall: performance.timeOrigin + wroteAt };
  const toPeripheral = performance.timeOrigin + wroteAt - handedAtWall;
  return { total, queued, inPage, outside: total - queued - inPage, toPeripheral };
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

/** p50 and p95 of the total and of each segment, under `prefix`. */
function stopFigures(prefix: string, trials: readonly StopTrial[]): Figures {
  const figures: Figures = { [`${prefix}_trials`]: trials.length };
  const names = {
    total: 'click_to_wire',
    queued: 'seg_queued',
    inPage: 'seg_in_page',
    outside: 'seg_outside_page',
    toPeripheral: 'seg_handed_to_peripheral',
  } as const;
  for (const key of ['total', 'queued', 'inPage', 'outside', 'toPeripheral'] as const) {
    const values = trials.map((t) => t[key]);
    figures[`${prefix}_${names[key]}_p50_ms`] = round(percentile(values, 50));
    figures[`${prefix}_${names[key]}_p95_ms`] = round(percentile(values, 95));
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
    await startDrag(page, [1, 2, 3, 4, 5, 4, 3, 2]);
    await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
    const clicked = performance.now();
    const timed = await timedStop(page, massager, marks, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
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
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    trials.push(await timedStop(page, massager, marks, { x: box.x + box.width / 2, y: box.y + box.height / 2 }));
  }
  await attach({ ...loop(), ...stopFigures('floor', trials) });
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
      await page.click('#arm');
      await expect(page).toHaveTitle('armed');
      await expect.poll(() => massager.firmware.snapshot().vibration).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
      trials.push(await timedStop(page, massager, marks, { x: box.x + box.width / 2, y: box.y + box.height / 2 }));
      await expect(page).toHaveTitle('stopped');
    }
    await attach({ ...loop(), ...stopFigures(floor.figures, trials) });
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
