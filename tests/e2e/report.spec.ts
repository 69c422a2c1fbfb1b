import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures/ble.js';
import { DAY, FIRST, MINUTE, openReport, printedPdf, session } from './report.js';
import { FORM_FACTORS } from './screens.js';

/**
 * The report a person hands a physiotherapist: made from the journal in the page, printed or
 * saved as PDF by the browser itself. Checked as the clinician gets it: Chromium's own PDF output,
 * read back as text with poppler's pdftotext (Debian's poppler-utils; .ci/run installs it).
 */

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

test.describe('on a phone', () => {
  test.use({ ...FORM_FACTORS.phone });

  test('the report fits a 390 px phone: its table wraps instead of pushing the page (and Stop) sideways', async ({ page }) => {
    await openReport(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect(page.getByTestId('report-session')).toHaveCount(6);
  });
});
