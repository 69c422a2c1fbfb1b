import { expect, test } from '@playwright/test';
import { FIRST_SCREEN_JS_BUDGET_GZIP_BYTES, firstScreenJs } from '../../scripts/first-screen-js.js';

/**
 * A phone on a poor connection, in pain, waits for every kilobyte before Stop is on screen. The
 * built app's first screen (the entry and its static imports, gzipped) stays within 40 KB; the
 * history, guidance topics, triage, the simulated firmware and the codecs load when needed.
 */
test('the first screen needs at most 40 KB of JavaScript, gzipped', () => {
  const measured = firstScreenJs('dist');
  console.log(`first_screen_js_gzip_bytes ${measured.gzipBytes} (${measured.files.map((f) => `${f.file} ${f.gzipBytes}`).join(', ')})`);
  expect(measured.files.length).toBeGreaterThan(0);
  expect(measured.gzipBytes).toBeLessThanOrEqual(FIRST_SCREEN_JS_BUDGET_GZIP_BYTES);
});
