import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './fixtures/browser.js';

/**
 * Chrome offers to install the app (home screen on Android, an app window on a computer) only
 * if it finds nothing wrong with the manifest, its icons and the page: ask it directly. A browser
 * profile of its own, as a person's is: Chrome never offers to install from an incognito window.
 */
test('Chrome finds the app installable: a manifest with name, start page, standalone display, and icons it can load', async ({
  baseURL,
}) => {
  const profile = mkdtempSync(join(tmpdir(), 'easeback-install-'));
  const executablePath = findChromium();
  const context = await chromium.launchPersistentContext(profile, {
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
    baseURL: baseURL ?? '',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Easeback', level: 1 })).toBeVisible();
    const cdp = await context.newCDPSession(page);
    const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
    expect(new URL(url).pathname).toBe('/manifest.webmanifest');
    expect(errors).toEqual([]);
    await expect
      .poll(async () => ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] }).installabilityErrors)
      .toEqual([]);
    // Each icon the manifest lists is served as the image it claims to be.
    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as { icons: { src: string; type: string }[] };
    for (const icon of manifest.icons) {
      const response = await page.request.get(icon.src);
      expect(response.ok(), icon.src).toBe(true);
      expect(response.headers()['content-type'], icon.src).toContain(icon.type);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
