import type { Page } from '@playwright/test';
import type { LoudSoundState } from '../../src/core/stop/loud-sound.js';
import type { MicrophoneUse } from '../../src/app/stop-ways.js';
import { answerScreening, choosePreset, connectBluetooth, startSession } from './app.js';
import { firmware, type Massager } from './faults.js';
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
