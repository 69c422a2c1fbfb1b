import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { guidanceContent } from './scripts/guidance-content/plugin.js';

export default defineConfig({
  // The guidance tests import the compiled content as the app does.
  plugins: [guidanceContent()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Property tests run thousands of cases; give them room on a 2-core CI machine.
    testTimeout: 60_000,
    // Vitest leaves one core free by default, which on a 2-core CI machine runs every file one
    // after another; the tests are CPU-bound and the main process has little to do meanwhile.
    maxWorkers: availableParallelism(),
  },
});
