import { defineConfig } from 'vitest/config';

// Two groups: everything but the browser tests runs in parallel first; then the browser tests run one file at
// a time, because each starts a hub and Chromium and the machine has two cores (contention made the fake
// camera miss frames). Files named *.browser.test.ts outside test/e2e (the security suite's page checks) run
// there too. Files named *.slow.test.ts are left to `npm run test:slow` (vitest.slow.config.ts).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit-and-hub',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'test/**/*.browser.test.ts', 'test/**/*.slow.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // The screen audit (test/e2e/audit.e2e.test.ts) is one of them: every screen at three sizes.
          include: ['test/e2e/**/*.test.ts', 'test/**/*.browser.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
