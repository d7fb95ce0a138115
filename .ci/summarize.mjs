// Prints the one closing line CI is judged by: "N passed, N failed", totalled over
// every suite's machine-readable report in test-results/. A failing test command
// with no report (lint or type errors stop it before the tests) counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 1);
const reports = ['test-results/vitest.json', 'test-results/sync-server-vitest.json'];
let passed = 0;
let failed = 0;
for (const report of reports) {
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += (json.numFailedTests ?? 0) + (json.numRuntimeErrorTestSuites ?? 0);
}
// Playwright's JSON report (npm run e2e): expected = passed, unexpected = failed; a flaky
// test passed on a retry and counts as passed. Errors outside any test (a broken config or
// fixture) count as one failure each.
const e2eReport = 'test-results/playwright.json';
if (existsSync(e2eReport)) {
  const json = JSON.parse(readFileSync(e2eReport, 'utf8'));
  passed += (json.stats?.expected ?? 0) + (json.stats?.flaky ?? 0);
  failed += (json.stats?.unexpected ?? 0) + (json.errors?.length ?? 0);
}
if (status !== 0 && failed === 0) failed = 1;
if (passed + failed === 0) failed = 1;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
