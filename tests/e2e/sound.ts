import type { Page } from '@playwright/test';
import type { LoudSoundState } from '../../src/core/stop/loud-sound.js';
import type { MicrophoneUse } from '../../src/app/stop-ways.js';
import { answerScreening, choosePreset, connectBluetooth, startSession } from './app.js';
import { expectAtRest, firmware, firstStop, keptSession, type Massager } from './faults.js';
import { expect, type Ble } from './fixtures/ble.js';

/**
 * Shared by the loud-sound stop's browser tests (issue 16), one spec file per sound: Chromium's
 * fake microphone plays one file per browser, set at launch. Each spec makes its WAV file at run
 * time (fixtures/sound.ts), the page measures it with its own AudioWorklet, and the stop must
 * reach the emulated massager.
 */

export const LOUD_OPTION = 'A loud sound stops the session';

/** The page's own account of its microphone use (StopWays.microphone()): nothing in the browser is faked. */
export async function microphoneUse(page: Page): Promise<MicrophoneUse | null> {
  return page.evaluate(() => document.querySelector('app-root')?.services.stopWays$.value?.microphone() ?? null);
}

export async function lastHeard(page: Page): Promise<LoudSoundState | null> {
  return page.evaluate(() => document.querySelector('app-root')?.services.stopWays$.value?.lastHeard ?? null);
}

/** Connected, loud-sound option on (it waits for its module), ready to start. */
export async function readyWithLoudSound(page: Page, ble: Ble): Promise<Massager> {
  const massager = await ble.massager();
  await page.goto('/');
  await answerScreening(page);
  await connectBluetooth(page);
  await choosePreset(page, 'everyday');
  await page.getByRole('checkbox', { name: LOUD_OPTION }).check();
  await expect.poll(() => microphoneUse(page)).toMatchObject({ requests: 0, open: false });
  return massager;
}

/** Started, and the limits landed: every stop from here on is this session's. */
export async function started(page: Page, massager: Massager): Promise<number> {
  await startSession(page);
  await expect.poll(() => firmware(massager).armed).toBe(true);
  return massager.stopsSince(0).length;
}

/**
 * The sound the fake microphone plays must stop the session: the stop reaches the massager (the
 * page's stop command, not a deadline), the session is journaled as a sound stop, the rule
 * decided within 30 ms of the sound's onset on the audio clock, and the microphone closed.
 */
export async function expectTheSoundStops(page: Page, ble: Ble): Promise<void> {
  const massager = await readyWithLoudSound(page, ble);
  const mark = await started(page, massager);
  await expect(page.getByTestId('listening')).toContainText('Microphone on');

  // Real time: the file plays its sound 4 s after the microphone opens (after the 1.5 s calibration).
  await expect.poll(() => firstStop(massager, mark), { timeout: 20_000 }).toBe('stop-command');
  expectAtRest(massager);
  expect(await keptSession(page)).toMatchObject({ endReason: 'sound' });
  await expect(page.getByTestId('session-end')).toContainText('a loud sound was heard');
  // On the audio clock (not the machine's speed): the rule decided within 30 ms of the sound's onset.
  const heard = await lastHeard(page);
  expect(heard?.phase).toBe('heard');
  expect((heard?.heardAt ?? Infinity) - (heard?.onsetAt ?? 0)).toBeLessThanOrEqual(30);
  // The microphone closed with the session.
  await expect.poll(() => microphoneUse(page)).toMatchObject({ open: false, trackStates: ['ended'] });
  expect(firmware(massager).armed).toBe(false);
}

/**
 * The sound the fake microphone plays must not stop the session: after more than one loop of
 * the file, nothing was stopped and the massager is still armed; `whileRunning` checks more
 * before the person presses STOP, which is journaled as their own stop.
 */
export async function expectTheSoundNeverStops(page: Page, ble: Ble, whileRunning?: () => Promise<void>): Promise<void> {
  const massager = await readyWithLoudSound(page, ble);
  const mark = await started(page, massager);
  await expect(page.getByTestId('listening')).toContainText('a loud sound stops the session');
  // Longer than one loop of the file (12 s), in real time: the loop's seam must not count as an onset either.
  await page.waitForTimeout(14_000);
  expect(massager.stopsSince(mark)).toEqual([]);
  expect(firmware(massager).armed).toBe(true);
  await whileRunning?.();
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  expect(await keptSession(page)).toMatchObject({ endReason: 'user' });
}
