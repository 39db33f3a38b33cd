// Prints "N passed, N failed" from vitest's JSON report and the exit status of the run, and exits non-zero
// when anything failed. Every failure counts, not only failed assertions: a test file that fails to load
// (an import error, a throwing top level or hook) is a failed suite with no failed test in it, and an
// unhandled error shows only in vitest's exit status. A run that exited non-zero is never "0 failed".
// argv: <vitest json report> <vitest exit status>
import { existsSync, readFileSync } from 'node:fs';

const [file, statusText] = process.argv.slice(2);
const status = Number(statusText);
let passed = 0;
let failed = 0;
if (file && existsSync(file) && readFileSync(file, 'utf8').trim()) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // Suites that failed with no failed test inside: the file itself broke.
  for (const suite of report.testResults ?? []) {
    const failedInside = (suite.assertionResults ?? []).some((a) => a.status === 'failed');
    if (suite.status === 'failed' && !failedInside) {
      failed += 1;
      console.log(`failed to run: ${suite.name}${suite.message ? ` — ${String(suite.message).split('\n')[0]}` : ''}`);
    }
  }
  if (report.success === false && failed === 0) failed = 1;
} else {
  console.log('no test report was written');
}
if ((status !== 0 || !Number.isFinite(status)) && failed === 0) {
  // An unhandled error (or a crash of the runner): vitest fails the run without failing a test.
  console.log(`vitest exited with status ${statusText} although no test failed: counted as a failure (see "Unhandled Errors" above)`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
