import { answerScreening, passTime, setSlider, startSession } from './app.js';
import { expect, test } from './fixtures/ble.js';

/**
 * Someone opened Easeback once, then lies down where there is no signal (or the site is down):
 * the installed app must still open, connect and run a session, and stop it. The service worker
 * keeps only files of this origin; the guard fails the test on any request that leaves it.
 */
// Every other test blocks the service worker (playwright.config.ts): this one is about it.
test.use({ serviceWorkers: 'allow' });

test('after one visit, the app opens offline, connects the simulated massager, runs a session and stops it', async ({
  page,
  context,
  pageGuard,
}) => {
  await page.goto('/');
  await answerScreening(page);
  // The first visit is over once the service worker has kept the app and took this page over.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const kept = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls;
  });
  expect(kept.length).toBeGreaterThan(10);
  expect(kept.filter((url) => new URL(url).origin !== pageGuard.origin)).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  // The network is really gone: a file the service worker did not keep cannot be fetched.
  const uncached = await page.evaluate(() =>
    fetch(`/not-kept-${Date.now()}.txt`).then(
      (response) => `answered ${response.status}`,
      () => 'failed',
    ),
  );
  expect(uncached).toBe('failed');
  await page.getByRole('button', { name: 'Connect the simulated massager' }).click();
  await expect(page.getByTestId('connection-state')).toHaveText('Easeback Sim connected (simulated)');
  await page.getByRole('radio', { name: 'Everyday relief' }).check();
  await startSession(page);
  await passTime(page, 31_000);
  await setSlider(page, 'Vibration', 3);
  await expect(page.getByTestId('session-status')).toHaveText('Running');
  await expect(page.getByTestId('fw-vibration')).toHaveText('3');
  await page.getByRole('button', { name: 'STOP', exact: true }).click();
  await expect(page.getByTestId('session-end')).toContainText('Stopped.');
  await expect(page.getByTestId('fw-vibration')).toHaveText('0');
  // The guidance topics load on demand: offline, they come from the kept copy too.
  const guidance = page.getByRole('complementary', { name: 'Guidance' });
  await guidance.getByText(/^All guidance/).click();
  await guidance.getByRole('navigation', { name: 'All guidance' }).getByRole('button', { name: 'Kneading' }).click();
  await expect(guidance.getByRole('heading', { level: 3 })).toHaveText('Kneading');
  expect(pageGuard.offOrigin).toEqual([]);
});
