import { expect, type Page } from '@playwright/test';
import type { EmulatedPeripheral } from './fixtures/emulated-peripheral.js';
import type { JournalRecord } from '../../src/core/journal/schema.js';
import { SCREENING_QUESTIONS, type ScreeningQuestionId } from '../../src/core/safety/screening.js';
import type { PresetId } from '../../src/core/safety/presets.js';
import { PRESETS } from '../../src/core/safety/presets.js';

const SAFETY_QUESTIONS_HEADING = 'Before you start: safety questions';

/**
 * Answers the safety questions through their form, as a person does: "yes" to those listed, "no"
 * to the rest, then Save. For the tests about the questions and the first visit; every other test
 * uses answerScreening, which stores the same answers without walking the form.
 */
export async function answerScreeningInForm(page: Page, yes: readonly ScreeningQuestionId[] = []): Promise<void> {
  await expect(page.getByRole('heading', { name: SAFETY_QUESTIONS_HEADING })).toBeVisible();
  for (const question of SCREENING_QUESTIONS) {
    await page
      .getByRole('group', { name: question.question })
      .getByRole('radio', { name: yes.includes(question.id) ? 'Yes' : 'No' })
      .check();
  }
  await page.getByRole('button', { name: 'Save answers' }).click();
}

/**
 * Answers the safety questions, "yes" to those listed and "no" to the rest, once the page asks
 * them. On a first visit (nothing stored, so the page shows the questions until answers exist)
 * the answers go through the app's own save (AppServices.saveScreening, the call the form's Save
 * makes): stored and applied exactly as the form's are, without the nine clicks, which took about
 * two seconds of every browser test. Answering again from the Safety questions tab goes through
 * the form, whose Save also leaves that tab. The form itself is walked by answerScreeningInForm
 * (first-visit.spec.ts, the screen walk in screens.ts) and safety.spec.ts.
 */
export async function answerScreening(page: Page, yes: readonly ScreeningQuestionId[] = []): Promise<void> {
  const heading = page.getByRole('heading', { name: SAFETY_QUESTIONS_HEADING });
  await expect(heading).toBeVisible();
  const ids = SCREENING_QUESTIONS.map((q) => q.id);
  const saved = await page.evaluate(
    async ({ ids, yes }) => {
      const services = document.querySelector('app-root')?.services;
      if (!services) throw new Error('the app has not started');
      if (services.session.state.screening) return false;
      const answers = Object.fromEntries(ids.map((id) => [id, yes.includes(id)])) as Record<ScreeningQuestionId, boolean>;
      await services.saveScreening({ answers, clotClearedByClinician: false, answeredAt: Date.now() });
      return true;
    },
    { ids, yes },
  );
  if (!saved) return answerScreeningInForm(page, yes);
  await expect(heading).toBeHidden();
}

/** Connects through the real Web Bluetooth chooser (the fixture picks the device). */
export async function connectBluetooth(page: Page, name = 'Easeback Sim'): Promise<void> {
  await page.getByRole('button', { name: 'Connect a Bluetooth massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText(`${name} connected`);
}

export async function choosePreset(page: Page, preset: PresetId): Promise<void> {
  const name = PRESETS.find((p) => p.id === preset)?.name ?? preset;
  await page.getByRole('radio', { name }).check();
}

export async function startSession(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByTestId('session-status')).toContainText(/Soft start|Running/);
}

export function slider(page: Page, label: 'Vibration' | 'Kneading' | 'Heat') {
  return page.getByRole('slider', { name: label });
}

/** Sets a slider the way a person dragging it would: the input event fires with the new value. */
export async function setSlider(page: Page, label: 'Vibration' | 'Kneading' | 'Heat', value: number): Promise<void> {
  await slider(page, label).fill(String(value));
}

/**
 * Moves time ahead for the page and, if given, for the device's firmware together, as if that
 * much time had passed (a soft start, a session running to its end) without waiting for it.
 */
export async function passTime(page: Page, ms: number, device?: EmulatedPeripheral): Promise<void> {
  // A jump fires every timer that falls due, including the timeout of a GATT operation that is
  // in flight right now (its answer takes real milliseconds): jump only when nothing is in flight.
  await page.waitForFunction(() => document.querySelector('app-root')?.services.device.idle ?? true, undefined, { timeout: 10_000 });
  device?.skip(ms);
  await page.clock.fastForward(ms);
}

/**
 * The journal as the app stored it: every session record in IndexedDB ("easeback", store
 * "sessions"), read through the page with the browser's own API. Call after the app has loaded.
 */
export async function journalRecords(page: Page): Promise<JournalRecord[]> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it empty, ahead of the app's upgrade.
    if (!(await indexedDB.databases()).some((d) => d.name === 'easeback')) return [];
    return new Promise<JournalRecord[]>((resolve, reject) => {
      const request = indexedDB.open('easeback');
      request.onerror = () => reject(new Error('the journal database could not be opened'));
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('sessions')) {
          db.close();
          resolve([]);
          return;
        }
        const all = db.transaction('sessions').objectStore('sessions').getAll();
        all.onsuccess = () => {
          db.close();
          resolve(all.result as JournalRecord[]);
        };
        all.onerror = () => {
          db.close();
          reject(new Error('the journal could not be read'));
        };
      };
    });
  });
}

/**
 * Leaves the app and comes back with the emulated adapter alive again when the app looks for it
 * (a page that used Bluetooth kills the emulation when it navigates; the app decides at load).
 */
export async function reloadWithAdapter(page: Page, ble: { restart(): Promise<void> }): Promise<void> {
  await page.goto('about:blank');
  await ble.restart();
  await page.goto('/');
}

/**
 * The tab goes to the background, as far as the page can tell: headless Chromium keeps every
 * page visible (minimising and freezing change nothing), so the document's visibility is set and
 * its event raised here. Throttled timers are the page clock's part (page.clock.pauseAt).
 */
export async function hideTab(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

/**
 * The tab goes to the background and its timers stop, as a background tab's may: from here the
 * page's clock moves only when the test moves it (setSystemTime, fastForward, resume). Returns
 * the page's time read once hidden; the clock stands still at least `marginMs` after it.
 */
export async function hideAndFreeze(page: Page, marginMs = 500): Promise<number> {
  await hideTab(page);
  // Read once hidden: hiding takes a while on a loaded machine, and pausing the clock at a time
  // already past fails ("Cannot fast-forward to the past").
  let hiddenAt = await page.evaluate(() => Date.now());
  // On a loaded machine the margin can pass before the pause lands (seen on CI at 500 ms): read
  // the time again and pause with twice the margin, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.clock.pauseAt(hiddenAt + marginMs * 2 ** (attempt - 1));
      return hiddenAt;
    } catch (error) {
      if (attempt >= 4 || !String(error).includes('to the past')) throw error;
      hiddenAt = await page.evaluate(() => Date.now());
    }
  }
}

export async function showTab(page: Page): Promise<void> {
  await page.evaluate(() => {
    // The document's own properties hid the real ones: removing them brings "visible" back.
    delete (document as { visibilityState?: unknown }).visibilityState;
    delete (document as { hidden?: unknown }).hidden;
    document.dispatchEvent(new Event('visibilitychange'));
  });
}
