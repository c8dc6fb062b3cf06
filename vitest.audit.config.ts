import { defineConfig } from 'vitest/config';

// `npm run audit:screens` (and `npm run docs:screens`, mode "screens", which also saves a screenshot of each
// screen into docs/screens/): the screen audit of issue #16 on its own. `npm test` runs it too.
export default defineConfig(({ mode }) => ({
  test: {
    include: ['test/e2e/audit.e2e.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    env: mode === 'screens' ? { RELAY_AUDIT_SCREENSHOTS: 'docs/screens' } : {},
  },
}));
