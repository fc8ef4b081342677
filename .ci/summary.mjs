// Prints one closing line, "Tests: N passed, N failed", over the vitest JSON
// reports that the unit and browser suites write to test-results/.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const name of ['unit', 'e2e']) {
  const file = `test-results/${name}.json`;
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  // A suite that failed to load has no failed tests of its own: count it once.
  failed += r.numFailedTests || r.numFailedTestSuites;
}
console.log(`Tests: ${passed} passed, ${failed} failed`);
