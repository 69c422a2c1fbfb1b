import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { toJsonExport } from '../../src/core/journal/export.js';
import type { JournalRecord } from '../../src/core/journal/schema.js';
import { answerScreening } from './app.js';
import { expect, test } from './fixtures/ble.js';

/**
 * The report a person hands a physiotherapist: made from the journal in the page, printed or
 * saved as PDF by the browser itself. Checked as the clinician gets it: Chromium's own PDF output,
 * read back as text with poppler's pdftotext (Debian's poppler-utils; .ci/run installs it).
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const FIRST = Date.UTC(2026, 2, 2, 8, 0);
const NOW = FIRST + 14 * DAY + 4 * 60 * MINUTE;

function session(day: number, pain: [number | null, number | null], overrides: Partial<JournalRecord> = {}): JournalRecord {
  const startedAt = FIRST + day * DAY;
  return {
    id: `report-${day}`,
    presetId: 'everyday',
    startedAt,
    updatedAt: startedAt + 15 * MINUTE,
    endedAt: startedAt + 15 * MINUTE,
    endReason: 'completed',
    endDetail: null,
    activeMs: 15 * MINUTE,
    heatMs: 15 * MINUTE,
    limits: { maxVibration: 5, maxKneading: 2, maxHeat: 3, maxHeatC: 40, sessionMs: 15 * MINUTE, cooldownMs: 2 * 60 * MINUTE },
    msAtVibration: [0, 12_000, 12_000, 12_000, 0, 15 * MINUTE - 36_000],
    msAtKneading: [0, 15 * MINUTE],
    msAtHeat: [0, 0, 0, 15 * MINUTE],
    maxVibration: 5,
    maxKneading: 1,
    maxHeat: 3,
    maxHeaterC: 39.6,
    painBefore: pain[0],
    painAfter: pain[1],
    symptoms: [],
    checkins: [{ at: startedAt + 5 * MINUTE, answer: 'same' }],
    care: null,
    redFlags: [],
    ...overrides,
  };
}

/** Two weeks of sessions: pain easing from 7 to 4, one stop for leg numbness that ended in emergency advice, one with no red flags. */
const JOURNAL: JournalRecord[] = [
  session(0, [7, 6]),
  session(2, [6, 5], { presetId: 'gentle', activeMs: 10 * MINUTE, heatMs: 10 * MINUTE }),
  session(4, [6, 6], {
    presetId: 'flare',
    endReason: 'symptom',
    activeMs: 3 * MINUTE + 20_000,
    heatMs: 3 * MINUTE + 20_000,
    symptoms: [{ at: FIRST + 4 * DAY + 3 * MINUTE + 20_000, kind: 'numbness' }],
    care: 'emergency',
    redFlags: ['saddle-numbness'],
  }),
  session(8, [5, 4], { presetId: 'warmth', activeMs: 20 * MINUTE, heatMs: 20 * MINUTE }),
  session(11, [5, null], {
    endReason: 'symptom',
    activeMs: 2 * MINUTE + 5000,
    heatMs: 2 * MINUTE + 5000,
    symptoms: [{ at: FIRST + 11 * DAY + 2 * MINUTE + 5000, kind: 'button' }],
    care: 'self-care',
  }),
  session(14, [4, 3]),
];

async function openReport(page: Page, journal: readonly JournalRecord[] = JOURNAL): Promise<void> {
  await page.clock.setSystemTime(NOW);
  await page.goto('/');
  await answerScreening(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
  await page.getByLabel('Import JSON').setInputFiles({
    name: 'journal.json',
    mimeType: 'application/json',
    buffer: Buffer.from(toJsonExport(journal, NOW)),
  });
  await expect(page.getByTestId('data-message')).toHaveText(`Imported ${journal.length} sessions from journal.json.`);
  await page.getByRole('button', { name: 'Report for your physiotherapist' }).click();
  await expect(page.getByRole('heading', { name: /a summary for a clinician/ })).toBeFocused();
}

/** The PDF as a clinician receives it: its page count and its text, in reading layout. */
async function printedPdf(page: Page, path: string): Promise<{ pages: number; text: string }> {
  await writeFile(path, await page.pdf({ format: 'A4' }));
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  // Lines wrap and table cells are spaced as laid out: one space stands for any run of them.
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), text: text.replace(/\s+/g, ' ').replace(/ ?→ ?/g, ' → ') };
}

test.use({ timezoneId: 'UTC', locale: 'en-GB' });

test('the report for a physiotherapist prints on one page, in words: the pain trend, sessions with preset and minutes, symptom stops and red-flag outcomes', async ({
  page,
}, testInfo) => {
  await openReport(page);
  const { pages, text } = await printedPdf(page, testInfo.outputPath('report.pdf'));
  expect(pages).toBe(1);

  expect(text).toContain('Massager sessions and symptoms: a summary for a clinician');
  expect(text).toContain('2 Mar 2026 to 16 Mar 2026: 6 sessions');
  // The pain trend, in words and numbers.
  expect(text).toContain('Pain before a session (0–10, self-rated): 7 on 2 Mar 2026, 4 on 16 Mar 2026 (6 scores, lowest 4, highest 7).');
  expect(text).toContain(
    'Straight after a session, pain changed by −0.8 points on average (5 sessions with both scores: 4 lower, 1 the same, 0 higher).',
  );
  expect(text).toContain('Flagged by the app: 2 symptom stops in the last 14 days.');
  // Each session with its preset and minutes.
  for (const row of [
    '16 Mar 2026 08:00 Everyday relief 15 min (heat 15) 4 → 3 Completed',
    '13 Mar 2026 08:00 Everyday relief 2 min (heat 2) 5 → not asked Symptom stop',
    '10 Mar 2026 08:00 Warmth only 20 min (heat 20) 5 → 4 Completed',
    '6 Mar 2026 08:00 Leg-symptom flare 3 min (heat 3) 6 → 6 Symptom stop',
    '4 Mar 2026 08:00 First use / Gentle 10 min (heat 10) 6 → 5 Completed',
    '2 Mar 2026 08:00 Everyday relief 15 min (heat 15) 7 → 6 Completed',
  ]) {
    expect(text).toContain(row);
  }
  // Both symptom stops, with what the red-flag questions found.
  expect(text).toContain(
    '6 Mar 2026 08:00. Leg-symptom flare: numbness or tingling at 3:20 into the session. Answered yes: saddle numbness. Outcome: emergency care now advised (app locked 24 h).',
  );
  expect(text).toContain(
    '13 Mar 2026 08:00. Everyday relief: Symptoms button pressed at 2:05 into the session. No red flag answered yes. Outcome: no red flags; self-care advice.',
  );
  // The app's codes never reach the clinician, and nothing of the app's screen is printed.
  for (const code of ['saddle-numbness', 'self-care,', 'more-pain', 'painBefore']) expect(text).not.toContain(code);
  for (const chrome of ['STOP', 'Print or save as PDF', 'Back to history', 'Guidance', 'Safety questions'])
    expect(text).not.toContain(chrome);
});

test('months of sessions still print on one page: the latest are listed, the rest left to the CSV, which the page says', async ({
  page,
}, testInfo) => {
  const long = Array.from({ length: 60 }, (_, i) =>
    session(i / 4, [5, 4], {
      id: `long-${i}`,
      ...(i % 6 === 0
        ? {
            endReason: 'symptom' as const,
            symptoms: [{ at: FIRST + (i / 4) * DAY + MINUTE, kind: 'weakness' as const }],
            care: 'urgent' as const,
            redFlags: ['foot-drop' as const],
          }
        : {}),
    }),
  );
  await openReport(page, long);
  const { pages, text } = await printedPdf(page, testInfo.outputPath('long-report.pdf'));
  expect(pages).toBe(1);
  expect(text).toContain('48 earlier sessions are not listed here; the CSV export has every one.');
  expect(text).toContain('5 earlier symptom stops are in the CSV export.');
  expect(text).toContain(
    'weakness at 1:00 into the session. Answered yes: new or worsening weakness in one foot or leg. Outcome: see a doctor within days advised',
  );
});

test('Print or save as PDF opens the browser’s own print dialog, and Back returns to the history', async ({ page }) => {
  await openReport(page);
  // Counts the calls and lets none through: headless Chromium has no dialog to show.
  await page.evaluate(() => {
    const counted = window as unknown as { printed: number };
    counted.printed = 0;
    window.print = () => void (counted.printed += 1);
  });
  await page.getByRole('button', { name: 'Print or save as PDF' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.getByRole('button', { name: 'Back to history' }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(6);
});

test('the CSV export reads in words: minutes at each level, symptoms, advice and red flags, not the app’s codes', async ({ page }) => {
  await openReport(page);
  await page.getByRole('button', { name: 'Back to history' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const text = await readFile(await download.path(), 'utf8');
  const [header, ...rows] = text.trim().split('\r\n');
  expect(header).toContain('time at each vibration level,time at each kneading speed,time at each heat level');
  const stopped = rows.find((row) => row.includes('report-4')) ?? '';
  expect(stopped).toContain('Leg-symptom flare,Symptom stop,');
  expect(stopped).toContain('numbness or tingling at 3:20');
  expect(stopped).toContain('emergency care now advised (app locked 24 h),saddle numbness,');
  const first = rows.find((row) => row.includes('report-0')) ?? '';
  expect(first).toContain(
    ',0.2 min at level 1; 0.2 min at level 2; 0.2 min at level 3; 14.4 min at level 5,15.0 min at speed 1,15.0 min at level 3,',
  );
  expect(text).not.toMatch(/saddle-numbness|1: 0\.2; 2: 0\.2/);
});
