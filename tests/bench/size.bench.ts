import { test } from '@playwright/test';
import { firstScreenJs } from '../../scripts/first-screen-js.js';

test('size: the first screen JavaScript of the build, gzipped', async () => {
  const measured = firstScreenJs('dist');
  await test.info().attach('figures', {
    contentType: 'application/json',
    body: JSON.stringify({ first_screen_js_gzip_bytes: measured.gzipBytes, first_screen_js_files: measured.files.length }),
  });
});
