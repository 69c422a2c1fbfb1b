import type { Page } from '@playwright/test';
import type { JournalRecord } from '../../src/core/journal/schema.js';
import type { PresetId } from '../../src/core/safety/presets.js';
import { DiyBoard, type BoardPins, type PadModel } from '../../src/sim/avr/board.js';
import { DiyBoardPeripheral, type DiyBoardSnapshot } from '../../src/sim/diy-board-module.js';
import type { NotifyListener, ReadResult, ServiceSpec, SimulatedPeripheral } from '../../src/sim/peripheral.js';
import { seededRandom } from '../unit/support/fuzz.js';
import { loadFirmware } from '../unit/firmware/vectors.js';
import { answerScreening, choosePreset, connectBluetooth, journalRecords, passTime, setSlider, startSession } from './app.js';
import { DIY_NAME } from './fixtures/diy-board.js';
import { expect, type Ble } from './fixtures/ble.js';
import type { EmulatedPeripheral } from './fixtures/emulated-peripheral.js';

/**
 * Helpers for the fault suite at the pins (diy-faults.spec.ts): the DIY board's real firmware
 * binary (firmware/easeback-diy.hex, or the one EASEBACK_FIRMWARE_HEX names, to check that a
 * broken build fails) on the emulated ATmega328P, behind its BLE module model, on Chromium's
 * emulated adapter. What the tests read is the board's own pins: what the motors and the heater
 * really get.
 */
export const SECOND = 1000;

/** What the suite needs of the board behind the radio: its chip and what is wired to it. */
export interface AtThePins extends SimulatedPeripheral<DiyBoardSnapshot> {
  readonly board: DiyBoard;
  setButton(pressed: boolean, now: number): void;
}

export type Board = EmulatedPeripheral<AtThePins>;

/**
 * A module that passes the board's bytes on in notifications cut at random (10 to 20 bytes each),
 * across line ends, so that lines arrive split over several notifications and one notification
 * carries the end of one line and the start of the next. Seeded: a failure comes back the same.
 */
export class RechunkingModule implements AtThePins {
  readonly name: string;
  readonly services: readonly ServiceSpec[];
  /** Notifications that carried the end of one line and more after it. */
  merged = 0;
  /** Notifications that ended inside a line. */
  split = 0;
  private readonly _listeners = new Set<NotifyListener>();
  private readonly _pending = new Map<string, number[]>();
  private readonly _rnd: () => number;

  constructor(
    private readonly _inner: DiyBoardPeripheral,
    seed: number,
  ) {
    this.name = _inner.name;
    this.services = _inner.services;
    this._rnd = seededRandom(seed);
    _inner.onNotify((uuid, value) => {
      const pending = this._pending.get(uuid) ?? [];
      pending.push(...value);
      this._pending.set(uuid, pending);
    });
  }

  get board(): DiyBoard {
    return this._inner.board;
  }

  connect(now: number): void {
    this._inner.connect(now);
  }

  linkLost(now: number): void {
    this._pending.clear();
    this._inner.linkLost(now);
  }

  read(characteristic: string, now: number): ReadResult {
    return this._inner.read(characteristic, now);
  }

  write(characteristic: string, value: Uint8Array, now: number): number {
    const code = this._inner.write(characteristic, value, now);
    this._release();
    return code;
  }

  setNotifying(characteristic: string, enabled: boolean): void {
    this._inner.setNotifying(characteristic, enabled);
  }

  tick(now: number): void {
    this._inner.tick(now);
    this._release();
  }

  setButton(pressed: boolean, now: number): void {
    this._inner.setButton(pressed, now);
    this._release();
  }

  onNotify(listener: NotifyListener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  snapshot(): DiyBoardSnapshot {
    return this._inner.snapshot();
  }

  /** Everything the module holds goes out, cut at random; a short tail may wait for the next tick. */
  private _release(): void {
    for (const [uuid, pending] of this._pending) {
      while (pending.length > 0) {
        const size = 10 + Math.floor(this._rnd() * 11); // 10 to 20 bytes
        if (size > pending.length && this._rnd() < 0.5) break; // held back, to merge with what comes next
        const chunk = pending.splice(0, size);
        const newline = chunk.indexOf(0x0a);
        if (newline >= 0 && newline < chunk.length - 1) this.merged++;
        if (chunk.at(-1) !== 0x0a) this.split++;
        const value = new Uint8Array(new ArrayBuffer(chunk.length));
        value.set(chunk);
        for (const listener of this._listeners) listener(uuid, value);
      }
    }
  }
}

/** A pad that warms and cools in about a minute (time constant 60 s), so that heat faults fit in a test. */
export const QUICK_PAD: PadModel = { surroundingsC: 30, heaterWatts: 10, kelvinPerWatt: 2, joulesPerKelvin: 30 };

export interface BoardOptions {
  readonly pad?: PadModel;
  /** The pad's temperature at power-on (°C); its surroundings' by default. */
  readonly padC?: number;
  /** Cut the board's notifications at random, with this seed (RechunkingModule). */
  readonly rechunkSeed?: number;
}

/** The board switched on nearby, the app open and its safety questions answered: nothing connected yet. */
export async function boardNearby(page: Page, ble: Ble, options: BoardOptions = {}): Promise<Board> {
  const pad = options.pad ?? QUICK_PAD;
  const chip = new DiyBoard(loadFirmware(), pad, { padC: options.padC ?? pad.surroundingsC });
  const module = new DiyBoardPeripheral(chip, { name: DIY_NAME, now: performance.now() });
  const firmware: AtThePins = options.rechunkSeed === undefined ? module : new RechunkingModule(module, options.rechunkSeed);
  const board = await ble.addPeripheral({ name: DIY_NAME, firmware });
  await page.goto('/');
  await answerScreening(page);
  return board;
}

export function pins(board: Board): BoardPins {
  return board.firmware.board.pins();
}

/** Every output pin low: D3, D7, D8, D9 and D10 (PROTOCOL.md section 7). */
export function allPinsLow(board: Board): boolean {
  return board.firmware.board.allOutputsLow();
}

export function boardLines(board: Board): readonly string[] {
  return board.firmware.board.lines;
}

/** The board's STOP lines from line `from` on: their cause words. */
export function stopsSaid(board: Board, from: number): string[] {
  return boardLines(board)
    .slice(from)
    .filter((line) => line.startsWith('STOP '))
    .map((line) => line.slice(5));
}

/**
 * Moves the page's and the board's time on together, in steps the board's keep-alive watchdog
 * (5 s) lets through: each step waits for the page's writes to be answered before the next.
 */
export async function passTimeTalking(page: Page, board: Board, ms: number, stepMs = 2 * SECOND): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) await passTime(page, Math.min(stepMs, ms - done), board);
}

export interface Running {
  readonly board: Board;
  /** The board's line count when every output was on: what it said from here on is the fault's. */
  readonly from: number;
}

/**
 * Connected through the real chooser, the session started and past its soft start (for the page:
 * the board keeps real time, so its watchdog sees every keep-alive), then vibration, kneading and
 * (unless `heat` is 0) heat raised: every output the session allows is on at the pins.
 */
export async function runningAtThePins(
  page: Page,
  ble: Ble,
  options: BoardOptions & { preset?: PresetId; heat?: number } = {},
): Promise<Running> {
  const board = await boardNearby(page, ble, options);
  await connectBluetooth(page, DIY_NAME);
  await choosePreset(page, options.preset ?? 'everyday');
  await startSession(page).catch(async (error: unknown) => {
    const journal = JSON.stringify(await journalRecords(page).catch(() => []));
    throw new Error(
      `${String(error)}\njournal: ${journal.slice(0, 1500)}\nheard: ${board.firmware.snapshot().linesHeard.join(' | ')}\nboard: ${boardLines(board).join(' | ')}`,
    );
  });
  await expect.poll(() => board.firmware.snapshot().armed, { message: 'the board armed the session' }).toBe(true);
  await passTime(page, 31 * SECOND);
  await expect(page.getByTestId('session-status'))
    .toHaveText('Running')
    .catch(async (error: unknown) => {
      const ended = await page
        .getByTestId('session-end')
        .textContent()
        .catch(() => null);
      throw new Error(
        `${String(error)}\nsession end: ${ended}\nboard: ${boardLines(board).slice(-12).join(' | ')}\nheard: ${board.firmware.snapshot().linesHeard.slice(-12).join(' | ')}`,
      );
    });
  await setSlider(page, 'Vibration', 2);
  await setSlider(page, 'Kneading', 1);
  const heat = options.heat ?? 3;
  await setSlider(page, 'Heat', heat);
  await expect
    .poll(() => pins(board), { message: 'every output the session allows is on at the pins' })
    .toMatchObject({ vibrationDuty: 51, kneadingDuty: 85, in1: true, heater: heat > 0 });
  return { board, from: boardLines(board).length };
}

/** Every output pin low now, and still low `ms` later with the page's keep-alives running: nothing restarts. */
export async function expectPinsStayLow(page: Page, board: Board, ms = 3 * SECOND): Promise<void> {
  await expect.poll(() => allPinsLow(board), { message: 'every output pin is low' }).toBe(true);
  await passTimeTalking(page, board, ms);
  expect(pins(board)).toMatchObject({ vibrationDuty: 0, kneadingDuty: 0, in1: false, in2: false, heater: false });
}

/** The one session in the journal, once it has ended with a reason. */
export async function keptSession(page: Page): Promise<JournalRecord> {
  await expect.poll(async () => (await journalRecords(page)).map((r) => r.endReason)).not.toEqual([null]);
  const records = await journalRecords(page);
  expect(records).toHaveLength(1);
  return records[0]!;
}
