import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { toJsonExport } from '../../src/core/journal/export.js';
import type { JournalRecord } from '../../src/core/journal/schema.js';
import { record } from '../unit/core/journal/records.js';
import { answerScreening } from './app.js';
import { expect } from './fixtures/ble.js';

/** A journal to report on, and the report as printed: shared by report.spec.ts and the screenshots. */

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
export const FIRST = Date.UTC(2026, 2, 2, 8, 0);
export const NOW = FIRST + 14 * DAY + 4 * 60 * MINUTE;

export function session(day: number, pain: [number | null, number | null], overrides: Partial<JournalRecord> = {}): JournalRecord {
  // The unit tests' plausible record (tests/unit/core/journal/fixtures.ts), on this journal's days.
  return record({
    id: `report-${day}`,
    startedAt: FIRST + day * DAY,
    msAtVibration: [0, 12_000, 12_000, 12_000, 0, 15 * MINUTE - 36_000],
    maxVibration: 5,
    maxHeaterC: 39.6,
    painBefore: pain[0],
    painAfter: pain[1],
    ...overrides,
  });
}

/** Two weeks of sessions: pain easing from 7 to 4, one stop for leg numbness that ended in emergency advice, one with no red flags. */
export const JOURNAL: JournalRecord[] = [
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

export async function openReport(page: Page, journal: readonly JournalRecord[] = JOURNAL): Promise<void> {
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
export async function printedPdf(page: Page, path: string): Promise<{ pages: number; text: string }> {
  await writeFile(path, await page.pdf({ format: 'A4' }));
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  // Lines wrap and table cells are spaced as laid out: one space stands for any run of them.
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), text: text.replace(/\s+/g, ' ').replace(/ ?→ ?/g, ' → ') };
}
