// One line that sums every vitest run of a CI job, so whoever reads the log sees how many tests ran:
//   node scripts/test-summary.mjs DIR   →   a line per run, then "1234 passed, 0 failed, 0 skipped" alone on the last line
// DIR holds the JSON reports (vitest's json reporter) of each run: npm test, the slow suite, each test:clock moment.
// A test file that failed to load counts as one failure (it ran no test, and its tests would have been missed).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/test-summary.mjs DIR');
  process.exit(2);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const runs = [];
for (const name of existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : []) {
  let report;
  try {
    report = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  } catch {
    failed += 1;
    runs.push(`${name}: unreadable report`);
    continue;
  }
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'),
  ).length;
  const p = report.numPassedTests ?? 0;
  const f = (report.numFailedTests ?? 0) + brokenFiles;
  const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += p;
  failed += f;
  skipped += s;
  runs.push(`${name.replace(/\.json$/, '')} — ${p} passed · ${f} failed · ${s} skipped`);
}
for (const r of runs) console.log(`  ${r}`);
// The plain form CI's reader counts, alone on the line and last: nothing before the numbers, nothing after.
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
