// Mutation testing (`npm run test:mutation`; docs/reliability.md, "Mutation testing"): Stryker changes the
// custody rules, the reducer, the time rules, the ingest checks, the station table and the kiosk's station rules
// one small edit at a time and runs the fast tests against each change; a change no test notices is a gap in the
// tests.
// Not part of `npm test` or CI: a full run takes tens of minutes on this two-core machine.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'core/custodyRules.ts',
    'core/reduceDay.ts',
    'core/timeRules.ts',
    'core/checkEvent.ts',
    'core/stations.ts',
    'kiosk/lib/stationRules.ts',
    'hub/ingest.ts',
  ],
  // Two cores: one test process per core at most (set STRYKER_CONCURRENCY=1 while other work runs).
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  coverageAnalysis: 'perTest',
  // The last run's results, so a rerun only tests mutants whose code or tests changed (gitignored).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 95, low: 90, break: null },
  timeoutMS: 10_000,
};
