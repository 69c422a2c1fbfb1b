import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Property tests run thousands of cases; give them room on a 2-core CI machine.
    testTimeout: 60_000,
  },
});
