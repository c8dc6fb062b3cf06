import { defineConfig } from 'vitest/config';

// The slow suite (`npm run test:slow`, also run by .ci/run): fault tests that take minutes, such as twenty
// kill -9 rounds under a burst from eight kiosks. One file at a time: each runs its own hub and kiosks.
export default defineConfig({
  test: {
    name: 'slow',
    include: ['test/**/*.slow.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
