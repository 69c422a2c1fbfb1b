import type { Page } from '@playwright/test';
import { OPEN_MASSAGER } from '../../src/core/protocol/open-massager.js';
import { answerScreening, choosePreset, connectBluetooth, passTime, startSession } from '../e2e/app.js';
import { expect, test } from '../e2e/fixtures/ble.js';
import type { EmulatedPeripheral } from '../e2e/fixtures/emulated-peripheral.js';
import { percentile, round, type Figures } from './stats.js';

const TRIALS = 60;
const DRAG_HZ = 60;
const CONTROL = OPEN_MASSAGER.control;

async function attach(figures: Figures): Promise<void> {
  await test.info().attach('figures', { body: JSON.stringify(figures), contentType: 'application/json' });
}

/** Sets the Vibration slider as a drag does: a new value and an input event, through the component. */
async function dragTo(page: Page, value: number): Promise<void> {
  await page.evaluate((v) => {
    const root = document.querySelector('app-root')?.shadowRoot;
    const controls = root?.querySelector('app-output-controls')?.shadowRoot;
    const level = [...(controls?.querySelectorAll('app-level-control') ?? [])].find((el) => el.getAttribute('label') === 'Vibration');
    const input = level?.shadowRoot?.querySelector('input');
    if (!input) throw new Error('no vibration slider');
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }, value);
}

/** Runs a 60 events/s drag until `until` resolves; returns when each input was sent (Node clock). */
async function drag(page: Page, until: Promise<unknown>, values: readonly number[]): Promise<{ at: number; value: number }[]> {
  const sent: { at: number; value: number }[] = [];
  let done = false;
  void until.then(() => (done = true));
  const period = 1000 / DRAG_HZ;
  const start = performance.now();
  for (let i = 0; !done; i++) {
    const value = values[i % values.length] ?? 1;
    const at = performance.now();
    await dragTo(page, value);
    sent.push({ at, value });
    const next = start + (i + 1) * period;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  return sent;
}

async function waitForWrite(device: EmulatedPeripheral, from: number, hex: string): Promise<number> {
  for (;;) {
    const found = device.writes.slice(from).find((w) => w.hex === hex);
    if (found) return found.at;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

test('stop: click to stop bytes at the peripheral, while a slider is dragged at 60 events/s', async ({ page, ble }) => {
  const massager = await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page);
  await choosePreset(page, 'everyday');
  const stop = page.getByRole('button', { name: 'STOP' });
  const latencies: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    await startSession(page);
    // Past the soft start, so every dragged value is sent (sessions under a minute start no cool-down).
    await passTime(page, 31_000, massager);
    await expect(page.getByTestId('session-status')).toHaveText('Running');
    const box = await stop.boundingBox();
    if (!box) throw new Error('no Stop button');
    let clicked: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (clicked = resolve));
    const dragging = drag(page, stopped, [1, 2, 3, 4, 5, 4, 3, 2]);
    await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
    const from = massager.writes.length;
    const t0 = performance.now();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const t1 = await waitForWrite(massager, from, '00');
    clicked();
    await dragging;
    latencies.push(t1 - t0);
    await expect(page.getByTestId('session-end')).toBeVisible();
  }
  await attach({
    stop_trials: latencies.length,
    stop_click_to_wire_p50_ms: round(percentile(latencies, 50)),
    stop_click_to_wire_p95_ms: round(percentile(latencies, 95)),
    stop_click_to_wire_max_ms: round(Math.max(...latencies)),
  });
});

test('floor: a bare page that writes one stop frame on click, through the same emulated stack', async ({ page, ble }) => {
  const massager = await ble.massager();
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
  const latencies: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    const from = massager.writes.length;
    const t0 = performance.now();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    latencies.push((await waitForWrite(massager, from, '00')) - t0);
  }
  await attach({
    floor_trials: latencies.length,
    floor_click_to_wire_p50_ms: round(percentile(latencies, 50)),
    floor_click_to_wire_p95_ms: round(percentile(latencies, 95)),
  });
});

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
  const from = massager.writes.length;
  massager.maxWritesInFlight = 0;
  const inputs = await drag(page, new Promise((resolve) => setTimeout(resolve, 2000)), [1, 2, 3, 4, 5, 4, 3, 2]);
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
