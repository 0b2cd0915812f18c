// Sums vitest's and Playwright's JSON reports into the one closing line CI reads.
// A report that is missing (a suite that crashed) or a failed build counts as a failure.
import { existsSync, readFileSync } from "node:fs";

const [unitPath, e2ePath, buildStatus] = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (existsSync(unitPath)) {
  const unit = JSON.parse(readFileSync(unitPath, "utf8"));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unit.numTotalTestSuites > 0 && unit.success === false && unit.numFailedTests === 0 ? 1 : 0);
} else {
  console.error(`no unit report at ${unitPath}`);
  failed += 1;
}

if (buildStatus !== "0") failed += 1;
else if (existsSync(e2ePath)) {
  const { stats, errors = [] } = JSON.parse(readFileSync(e2ePath, "utf8"));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected + errors.length;
} else {
  console.error(`no e2e report at ${e2ePath}`);
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
