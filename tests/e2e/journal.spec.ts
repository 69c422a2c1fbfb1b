import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { toJsonExport } from '../../src/core/journal/export.js';
import type { JournalRecord } from '../../src/core/journal/schema.js';
import { emptyScreening } from '../../src/core/safety/screening.js';
import { answerScreening, connectBluetooth, passTime, reloadWithAdapter, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function painBefore(page: Page, score: number): Promise<void> {
  await page
    .getByRole('group', { name: /^Pain right now/ })
    .getByRole('radio', { name: String(score), exact: true })
    .check();
}

async function painAfter(page: Page, score: number): Promise<void> {
  await page
    .getByRole('group', { name: /^How is the pain now/ })
    .getByRole('radio', { name: String(score), exact: true })
    // A click, not check(): once answered, the question gives way to the saved score.
    .click();
  await expect(page.getByTestId('pain-after-saved')).toContainText(`${score} of 10`);
}

async function stop(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'STOP' }).click();
  await expect(page.getByTestId('session-end')).toBeVisible();
}

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'History', level: 2 })).toBeVisible();
}

async function openSession(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Session' }).click();
}

function rows(page: Page) {
  return page.getByTestId('history-row');
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Import JSON').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function downloadText(page: Page, button: string): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { download, text: await readFile(await download.path(), 'utf8') };
}

/** A finished session as the journal keeps it, for seeding history through the app's own import. */
function pastSession(
  id: string,
  startedAt: number,
  pain: number | null,
  endReason: JournalRecord['endReason'] = 'completed',
): JournalRecord {
  return {
    id,
    presetId: 'gentle',
    startedAt,
    updatedAt: startedAt + 10 * MINUTE,
    endedAt: startedAt + 10 * MINUTE,
    endReason,
    endDetail: null,
    activeMs: 10 * MINUTE,
    heatMs: 10 * MINUTE,
    limits: { maxVibration: 3, maxKneading: 1, maxHeat: 2, maxHeatC: 38, sessionMs: 10 * MINUTE, cooldownMs: 2 * HOUR },
    msAtVibration: [0, 4 * MINUTE, 6 * MINUTE],
    msAtKneading: [0, 10 * MINUTE],
    msAtHeat: [0, 0, 10 * MINUTE],
    maxVibration: 2,
    maxKneading: 1,
    maxHeat: 2,
    maxHeaterC: 37.5,
    painBefore: pain,
    painAfter: pain === null ? null : Math.max(0, pain - 1),
    symptoms: [],
    checkins: [],
    care: null,
    redFlags: [],
  };
}

test.describe('session journal', () => {
  // Requests off the origin, uncaught errors and CSP / Trusted Types refusals (charts, downloads,
  // imports) fail every test through the shared fixture (fixtures/guard.ts).

  test('two sessions survive a reload and show in history with the pain plot', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);

    await painBefore(page, 6);
    await startSession(page);
    await passTime(page, 2 * MINUTE, massager);
    await stop(page);
    await painAfter(page, 4);

    // Past the two-hour cool-down, a second session that runs to its end.
    await passTime(page, 2 * HOUR, massager);
    await painBefore(page, 5);
    await startSession(page);
    await passTime(page, 11 * MINUTE, massager);
    await expect(page.getByTestId('session-end')).toContainText('Session complete.');
    await painAfter(page, 3);

    await page.reload();
    await openHistory(page);
    await expect(rows(page)).toHaveCount(2);
    // Newest first.
    await expect(rows(page).nth(0).getByTestId('history-pain')).toHaveText('5 → 3');
    await expect(rows(page).nth(0).getByTestId('history-ended')).toHaveText('Completed');
    await expect(rows(page).nth(1).getByTestId('history-pain')).toHaveText('6 → 4');
    await expect(rows(page).nth(1).getByTestId('history-ended')).toHaveText('Stopped by you');
    await expect(page.getByRole('img', { name: /^Pain scores from .*: 2 before and 2 after sessions/ })).toBeVisible();
    await expect(page.getByTestId('pain-before-point')).toHaveCount(2);
    await expect(page.getByTestId('pain-after-point')).toHaveCount(2);
    await expect(page.getByRole('img', { name: /^2 sessions in the last 28 days/ })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Completed: 1; Stopped by you: 1' })).toBeVisible();
  });

  test('upgrading the database from the first version keeps the safety answers and adds the journal', async ({ page, baseURL }) => {
    // A page of the app's origin that is not the app, to build the version-1 database the way the
    // first release left it, before the app opens it.
    await page.route('**/before-upgrade', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>-</title>' }));
    await page.goto(`${baseURL ?? ''}/before-upgrade`);
    await page.evaluate(async (screening) => {
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('easeback', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('settings');
        request.onsuccess = () => {
          const tx = request.result.transaction('settings', 'readwrite');
          tx.objectStore('settings').put(screening, 'screening');
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(new Error('could not write the version-1 settings'));
        };
        request.onerror = () => reject(new Error('could not open version 1'));
      });
    }, emptyScreening(Date.now()));

    await page.goto('/');
    // The safety answers from before the upgrade are still there: the session screen, not the questions.
    await expect(page.getByRole('heading', { name: 'Connect your massager' })).toBeVisible();
    await openHistory(page);
    await expect(page.getByText('No sessions yet.')).toBeVisible();
    const now = await page.evaluate(() => Date.now());
    await importFile(page, 'one.json', toJsonExport([pastSession('one', now - DAY, 5)], now));
    await expect(rows(page)).toHaveCount(1);
  });

  test('the cool-down holds across a reload: a session stopped before it still blocks a new start', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await startSession(page);
    await passTime(page, 3 * MINUTE, massager);
    await stop(page);
    // Both pain questions are optional: none given before, this one skipped.
    await page.getByRole('button', { name: 'Skip this question' }).click();
    await expect(page.getByRole('group', { name: /^How is the pain now/ })).toHaveCount(0);

    await reloadWithAdapter(page, ble);
    await connectBluetooth(page);
    await expect(page.getByRole('button', { name: 'Start session' })).toBeDisabled();
    await expect(page.getByTestId('start-refusal')).toContainText('cool-down');

    await openHistory(page);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).getByTestId('history-ended')).toHaveText('Stopped by you');
    await expect(rows(page).getByTestId('history-pain')).toHaveText('– → –');
  });

  test('deleting the history is no way round the cool-down: it still holds after a reload', async ({ page, ble }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await startSession(page);
    await passTime(page, 3 * MINUTE, massager);
    await stop(page);
    await page.getByRole('button', { name: 'Skip this question' }).click();

    await openHistory(page);
    await page.getByRole('button', { name: 'Delete all history…' }).click();
    await page.getByRole('button', { name: 'Delete all history', exact: true }).click();
    await expect(rows(page)).toHaveCount(0);

    await reloadWithAdapter(page, ble);
    await connectBluetooth(page);
    await expect(page.getByRole('button', { name: 'Start session' })).toBeDisabled();
    await expect(page.getByTestId('start-refusal')).toContainText('cool-down');
    // Only when it ran was kept: the history itself is gone.
    await openHistory(page);
    await expect(rows(page)).toHaveCount(0);
  });

  test('a session cut off by closing the page is kept, as interrupted, with the time it ran', async ({ page, ble, context }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await painBefore(page, 7);
    await startSession(page);
    await passTime(page, 3 * MINUTE, massager);
    // The journal already holds the running session, as it stands.
    await openHistory(page);
    await expect(rows(page).getByTestId('history-ended')).toHaveText('Running now');
    // Three minutes skipped, plus the few real seconds the test itself takes.
    await expect(rows(page).locator('td').nth(2)).toHaveText(/^3\.[0-2]$/);

    await page.close();
    const reopened = await context.newPage();
    await reopened.goto('/');
    await openHistory(reopened);
    await expect(rows(reopened)).toHaveCount(1);
    await expect(rows(reopened).getByTestId('history-ended')).toHaveText('Interrupted (page closed)');
    await expect(rows(reopened).getByTestId('history-pain')).toHaveText('7 → –');
    await expect(rows(reopened).locator('td').nth(2)).toHaveText(/^3\.[0-2]$/);
  });

  test('no request leaves the page’s origin while the journal is written, shown, exported, deleted and imported back', async ({
    page,
    ble,
    pageGuard,
  }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    await connectBluetooth(page);
    await painBefore(page, 5);
    await startSession(page);
    await passTime(page, 2 * MINUTE, massager);
    await page.getByRole('button', { name: 'Symptoms' }).click();
    await expect(page.getByRole('heading', { name: 'Everything is off. A few questions' })).toBeVisible();
    for (const group of await page
      .getByRole('group')
      .filter({ has: page.getByRole('radio', { name: 'No' }) })
      .all()) {
      await group.getByRole('radio', { name: 'No' }).check();
    }
    await page.getByRole('button', { name: 'See what to do' }).click();
    await page.getByRole('button', { name: 'I have read this' }).click();
    await painAfter(page, 6);

    await openHistory(page);
    await expect(rows(page)).toHaveCount(1);
    const csv = await downloadText(page, 'Export CSV');
    expect(csv.download.suggestedFilename()).toMatch(/^easeback-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, row] = csv.text.split('\r\n');
    expect(header).toContain('pain before (0-10),pain after (0-10)');
    expect(row).toContain(',Symptom stop,');
    expect(row).toContain(',5,6,');
    expect(row).toMatch(/,Symptoms button pressed at 2:\d\d,/);
    expect(row).toContain('no red flags; self-care advice');

    const first = await downloadText(page, 'Export JSON');
    const exported = JSON.parse(first.text) as { sessions: JournalRecord[] };
    expect(exported.sessions).toHaveLength(1);
    expect(exported.sessions[0]).toMatchObject({ painBefore: 5, painAfter: 6, endReason: 'symptom', care: 'self-care' });

    // Delete asks again inline; Stop stays on screen and usable the whole time.
    await page.getByRole('button', { name: 'Delete all history…' }).click();
    await expect(page.getByText('Delete all 1 session from this browser?')).toBeVisible();
    await page.getByRole('button', { name: 'STOP' }).click({ trial: true });
    await page.getByRole('button', { name: 'Delete all history', exact: true }).click();
    await expect(page.getByText('No sessions yet.')).toBeVisible();

    await importFile(page, 'backup.json', first.text);
    await expect(page.getByTestId('data-message')).toHaveText('Imported 1 session from backup.json.');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).getByTestId('history-pain')).toHaveText('5 → 6');
    await expect(rows(page).getByTestId('history-ended')).toHaveText('Symptom stop');

    const again = await downloadText(page, 'Export JSON');
    expect((JSON.parse(again.text) as { sessions: JournalRecord[] }).sessions).toEqual(exported.sessions);

    // Importing the same file again neither duplicates nor replaces: the copy here is as new.
    await importFile(page, 'backup.json', first.text);
    await expect(page.getByTestId('data-message')).toHaveText(
      'Imported 0 sessions from backup.json. Kept as they are here (changed as late as the file’s copy, or later): 1.',
    );
    await expect(rows(page)).toHaveCount(1);
    // The shared fixture fails any test on these; said here too, as it is what this test is about.
    expect(pageGuard.offOrigin).toEqual([]);
    expect(pageGuard.violations).toEqual([]);
  });

  test('a corrupt import is refused with the field named, and nothing is changed', async ({ page }) => {
    await page.goto('/');
    await answerScreening(page);
    const now = await page.evaluate(() => Date.now());
    const kept = pastSession('kept', now - 3 * DAY, 4);
    await openHistory(page);
    await importFile(page, 'good.json', toJsonExport([kept], now));
    await expect(rows(page)).toHaveCount(1);

    // One good new session and one with an impossible pain score: neither may be stored.
    const document = JSON.parse(toJsonExport([pastSession('new', now - 2 * DAY, 3), pastSession('bad', now - DAY, 5)], now)) as {
      sessions: Record<string, unknown>[];
    };
    document.sessions[1]!.painBefore = 14;
    await importFile(page, 'corrupt.json', JSON.stringify(document));
    await expect(page.getByTestId('data-message')).toHaveText(
      'In the file, sessions[1].painBefore must be from 0 to 10. Nothing was imported and your history is unchanged.',
    );
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).getByTestId('history-pain')).toHaveText('4 → 3');

    await importFile(page, 'notes.json', 'these are my notes, not JSON');
    await expect(page.getByTestId('data-message')).toContainText('The file is not valid JSON');

    // Still unchanged after a reload: nothing reached the database.
    await page.reload();
    await openHistory(page);
    await expect(rows(page)).toHaveCount(1);
  });

  test('after a run of worsening pain scores, the advice to see a doctor or physical therapist appears with the numbers', async ({
    page,
    ble,
  }) => {
    const massager = await ble.massager();
    await page.goto('/');
    await answerScreening(page);
    const now = await page.evaluate(() => Date.now());
    await openHistory(page);
    await importFile(
      page,
      'earlier.json',
      toJsonExport(
        [3, 4, 5].map((pain, i) => pastSession(`d${i}`, now - (6 - 2 * i) * DAY, pain)),
        now,
      ),
    );
    await expect(rows(page)).toHaveCount(3);
    // Three scores are not yet a trend.
    await expect(page.getByTestId('trend-advice')).toHaveCount(0);

    await openSession(page);
    await connectBluetooth(page);
    await painBefore(page, 7);
    await startSession(page);
    await passTime(page, 2 * MINUTE, massager);
    await stop(page);

    const advice = page.getByTestId('trend-advice');
    await expect(advice).toBeVisible();
    await expect(advice.getByRole('heading')).toHaveText('Time to see a doctor or physical therapist');
    await expect(advice).toContainText('went 3, 4, 5, 7 (of 10): rising');
    await openHistory(page);
    await expect(page.getByTestId('trend-advice')).toContainText('went 3, 4, 5, 7 (of 10): rising');
  });
});
