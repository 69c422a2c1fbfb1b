import type { Page } from '@playwright/test';
import { answerScreening, journalRecords, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';
import { FORM_FACTORS, type FormFactor } from './screens.js';

/**
 * The pain score after a session is what History and the clinician's report are built on. The
 * hazard: the card says the score is "kept in your history" while the browser has not stored it
 * (a write still under way, or refused: private mode, a full disk), and the person moves on
 * believing it is there.
 */

/** Lets the test refuse the journal's writes, as a full disk would: put() on the sessions store throws. */
function refusableJournal(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if ((globalThis as { __refuseJournal?: boolean }).__refuseJournal && this.name === 'sessions') {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    }
    return put.apply(this, args);
  };
}

async function endSession(page: Page): Promise<void> {
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  await startSession(page);
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await expect(page.getByTestId('session-end')).toBeVisible();
}

async function answerPainAfter(page: Page, score: number): Promise<void> {
  await page
    .getByRole('group', { name: /^How is the pain now/ })
    .getByRole('radio', { name: String(score), exact: true })
    .click();
}

for (const formFactor of Object.keys(FORM_FACTORS) as FormFactor[]) {
  test.describe(formFactor, () => {
    test.use({ ...FORM_FACTORS[formFactor] });

    test('the pain score is called kept only once the stored record has it', async ({ page }) => {
      await endSession(page);
      await answerPainAfter(page, 4);
      await expect(page.getByTestId('pain-after-saved')).toHaveText('Pain after: 4 of 10, kept in your history.');
      // Read at once: when the page says "kept", the browser already has it.
      const records = await journalRecords(page);
      expect(records.map((record) => record.painAfter)).toEqual([4]);
    });

    test('a pain score the browser refused to store is never shown as kept, and the person is told', async ({ page }) => {
      await page.addInitScript(refusableJournal);
      await endSession(page);
      await page.evaluate(() => ((globalThis as { __refuseJournal?: boolean }).__refuseJournal = true));
      await answerPainAfter(page, 6);
      const unsaved = page.getByTestId('pain-after-unsaved');
      await expect(unsaved).toContainText('Pain after: 6 of 10, not saved.');
      await expect(unsaved).toContainText('could not be saved in this browser');
      await expect(page.getByTestId('pain-after-saved')).toHaveCount(0);
      expect((await journalRecords(page)).map((record) => record.painAfter)).toEqual([null]);
    });
  });
}
