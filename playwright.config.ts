import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tests/e2e/fixtures/browser.js';

const executablePath = findChromium();
const port = Number(process.env.EASEBACK_PORT ?? 4173);
/** The specs that run the DIY board's firmware binary on the emulated chip (avr8js). */
const DIY_BOARD_SPECS = /(diy-[a-z-]+|firmware-alone)\.spec\.ts/;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  // Three workers on CI's two cores: a browser test spends much of its time waiting on the page,
  // the emulated device or a timer, so two workers left the cores idle: on the same loaded
  // machine the whole run took about 16 min on two and 9.6 min on three. EASEBACK_WORKERS
  // overrides it.
  ...(process.env.EASEBACK_WORKERS ? { workers: Number(process.env.EASEBACK_WORKERS) } : process.env.CI ? { workers: 3 } : {}),
  // A flaky browser test hides a real race: none are retried.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'test-results/html' }]] : 'list',
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS },
    // A failed test keeps its trace: its actions, console and network, for the report. Without
    // the screencast and the DOM snapshots, which cost about 0.8 s of CPU per test on a 2-core
    // machine (measured on limits-hold.spec.ts); the failure's error-context.md still shows the page.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false },
    // Installing the service worker caches the whole app (about 480 KB) in every test's fresh
    // profile; only the offline test (offline.spec.ts) needs it, and allows it there.
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  },
  projects: [
    // The DIY board's specs run the real firmware on an emulated chip in real time, beside the
    // app's 1.5 s answer limit: two or three emulators at once on two cores starved each other
    // (3 of 66 failed, `diy-faults.spec.ts --repeat-each=6` on three workers). One at a time,
    // beside the other browser tests. Listed first, so that they start at once: listed after the
    // browser project, they waited for it to finish, and the run took about 2 min longer.
    { name: 'diy-board', testMatch: DIY_BOARD_SPECS, workers: 1, teardown: 'lighthouse' },
    { name: 'browser', testIgnore: [/lighthouse\.spec\.ts/, DIY_BOARD_SPECS], teardown: 'lighthouse' },
    // Lighthouse times the page: it runs after every other browser test, alone, so that no test
    // in a neighbouring worker steals the CPU it measures. As the browser tests' "teardown" it runs
    // even when one of them failed (a dependency would be skipped then).
    { name: 'lighthouse', testMatch: /lighthouse\.spec\.ts/ },
  ],
  webServer: {
    // The built app, served as `npm start` serves it: same CSP, same bundle.
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
