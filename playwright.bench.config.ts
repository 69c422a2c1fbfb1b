import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

/** `npm run bench`: figures, not pass/fail. One worker, so measurements do not compete for the CPU. */
export default defineConfig({
  ...base,
  testDir: 'tests/bench',
  testMatch: '**/*.bench.ts',
  // Not the browser tests' projects (those order Lighthouse after the rest): one plain project.
  projects: [{ name: 'bench' }],
  // No trace: its DOM snapshots took about a quarter of the page's main thread during a drag
  // (seen in a CPU profile), and a click waited behind them: that is the harness, not the app.
  use: { ...base.use, trace: 'off' },
  workers: 1,
  fullyParallel: false,
  timeout: 10 * 60_000,
  reporter: [['./tests/bench/reporter.ts']],
});
