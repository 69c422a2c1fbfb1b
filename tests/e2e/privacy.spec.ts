import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { compileDocument } from '../../scripts/privacy-page/compile.js';
import type { DocInline } from '../../src/core/document/types.js';
import { answerScreening } from './app.js';
import { expect, test } from './fixtures/ble.js';
import { FORM_FACTORS, type FormFactor } from './screens.js';

/**
 * The privacy page: docs/privacy.md, shown inside the app. The hazards: a person cannot find out
 * what is kept about their health and how to remove it; the page says something other than the
 * document; or reading it sends them (and a request) off the app's origin.
 */
const DOC = compileDocument(readFileSync('docs/privacy.md', 'utf8'), 'docs/privacy.md');

function text(inlines: readonly DocInline[]): string {
  return inlines.map((part) => ('children' in part ? text(part.children) : part.text)).join('');
}

/** Every request the page makes from now on, by origin. */
function watchOrigins(page: Page): Set<string> {
  const origins = new Set<string>();
  page.on('request', (request) => void origins.add(new URL(request.url()).origin));
  return origins;
}

/** The privacy page is the document: its title focused, and every section, paragraph and list item in its words. */
async function expectTheDocument(page: Page): Promise<void> {
  const article = page.locator('app-privacy article');
  await expect(page.getByRole('heading', { level: 2, name: DOC.title })).toBeFocused();
  for (const block of DOC.blocks) {
    if (block.kind === 'heading')
      await expect(article.getByRole('heading', { level: 3, name: text(block.children), exact: true })).toBeVisible();
    if (block.kind === 'paragraph') await expect(article).toContainText(text(block.children));
    if (block.kind === 'list') for (const item of block.items) await expect(article).toContainText(text(item));
  }
  const table = article.getByRole('table');
  await expect(table.getByRole('rowheader')).toHaveText(['settings', 'sessions', 'profiles', 'damaged']);
  await expect(table.getByRole('row', { name: /^sessions/ })).toContainText('your pain scores before and after');
}

for (const formFactor of Object.keys(FORM_FACTORS) as FormFactor[]) {
  test.describe(formFactor, () => {
    test.use({ ...FORM_FACTORS[formFactor] });

    test('a first visit can read what is kept and where before answering anything, without leaving the app', async ({ page, baseURL }) => {
      await page.goto('/');
      const origin = new URL(page.url()).origin;
      const origins = watchOrigins(page);
      await page.getByRole('region', { name: 'Welcome to Easeback' }).getByRole('button', { name: 'How your data is kept' }).click();
      await expectTheDocument(page);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? origin).origin);
      expect([...origins].filter((o) => o !== origin)).toEqual([]);
      // STOP stays where it always is while reading.
      await expect(page.getByRole('button', { name: 'STOP', exact: true })).toBeVisible();
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Before you start: safety questions' })).toBeVisible();
    });

    test('History’s data section links to the privacy page, and Back returns to History', async ({ page }) => {
      await page.goto('/');
      await answerScreening(page);
      const origin = new URL(page.url()).origin;
      const origins = watchOrigins(page);
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
      const data = page.getByRole('region', { name: 'Your data' });
      await data.getByRole('button', { name: 'How your data is kept' }).click();
      await expectTheDocument(page);
      // No section claims the page: it belongs to none of the tabs.
      await expect(page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]')).toHaveCount(0);
      expect([...origins].filter((o) => o !== origin)).toEqual([]);
      await page.getByRole('button', { name: 'Back to History' }).click();
      await expect(page.getByRole('region', { name: 'Your data' })).toBeVisible();
    });
  });
}
