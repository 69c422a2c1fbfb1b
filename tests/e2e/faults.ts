import type { Page } from '@playwright/test';
import type { JournalRecord } from '../../src/core/journal/schema.js';
import type { PresetId } from '../../src/core/safety/presets.js';
import type { FirmwareSnapshot, OpenMassagerFirmware } from '../../src/sim/open-massager-firmware.js';
import { answerScreening, choosePreset, connectBluetooth, journalRecords, passTime, startSession } from './app.js';
import { expect, type Ble } from './fixtures/ble.js';
import type { EmulatedPeripheral, RecordedWrite } from './fixtures/emulated-peripheral.js';

/** Shared by the fault suite (faults.spec.ts) and the firmware's own proof (firmware-alone.spec.ts). */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export type Massager = EmulatedPeripheral<OpenMassagerFirmware>;

/** A massager nearby, the app open and its safety questions answered: nothing connected yet. */
export async function screened(page: Page, ble: Ble): Promise<Massager> {
  const massager = await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  return massager;
}

/** Connected through the real chooser, preset chosen, session started; `mark` counts the firmware's stops so far. */
export async function sessionStarted(page: Page, ble: Ble, preset: PresetId = 'everyday'): Promise<{ massager: Massager; mark: number }> {
  const massager = await screened(page, ble);
  await connectBluetooth(page);
  await choosePreset(page, preset);
  await startSession(page);
  // Armed means the limits landed, after the stop every connect sends: stops from here on are this session's.
  await expect.poll(() => firmware(massager).armed).toBe(true);
  return { massager, mark: massager.stopsSince(0).length };
}

/** The firmware's own view of itself: what the motors and heater are really doing. */
export function firmware(massager: Massager): FirmwareSnapshot {
  return massager.firmware.snapshot();
}

export async function pastSoftStart(page: Page, massager: Massager): Promise<void> {
  await passTime(page, 31 * SECOND, massager);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  await expect.poll(() => firmware(massager).vibration).toBeGreaterThan(0);
}

/** A session past its soft start with the motors running: where most faults are tried. */
export async function sessionRunning(page: Page, ble: Ble, preset: PresetId = 'everyday'): Promise<{ massager: Massager; mark: number }> {
  const started = await sessionStarted(page, ble, preset);
  await pastSoftStart(page, started.massager);
  return started;
}

/** Presses STOP on the page; the result gives every write from the press on, as it stands when called. */
export async function pressStop(page: Page, massager: Massager): Promise<() => RecordedWrite[]> {
  const before = massager.writes.length;
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  return () => massager.writes.slice(before);
}

/**
 * A running session whose STOP the device mishandles as `misbehave` sets it up (refusing it, never
 * answering it): the person presses STOP, and the app must drop the link so the firmware stops on
 * link loss. Returns once the link is down.
 */
export async function stopMishandled(
  page: Page,
  ble: Ble,
  misbehave: (massager: Massager) => void,
): Promise<{ massager: Massager; mark: number; sent: () => RecordedWrite[] }> {
  const { massager, mark } = await sessionRunning(page, ble);
  misbehave(massager);
  const sent = await pressStop(page, massager);
  await expect.poll(() => massager.linkLosses.length, { timeout: 15_000 }).toBe(1);
  return { massager, mark, sent };
}

/** Every output off, heater not powered, no session armed: what the person's back feels is nothing. */
export function expectAtRest(massager: Massager): void {
  expect(firmware(massager)).toMatchObject({ vibration: 0, kneading: 0, heat: 0, heaterEnergized: false, armed: false });
}

/** How the firmware first stopped after `mark`: by its own rule, or on a stop from the page. */
export function firstStop(massager: Massager, mark: number): string | undefined {
  return massager.stopsSince(mark)[0]?.cause;
}

/** The one session in the journal, once it has ended with a reason. */
export async function keptSession(page: Page): Promise<JournalRecord> {
  await expect.poll(async () => (await journalRecords(page)).map((r) => r.endReason)).not.toEqual([null]);
  const records = await journalRecords(page);
  expect(records).toHaveLength(1);
  return records[0]!;
}
