#!/usr/bin/env bash
# npm test — every suite: unit (vitest), then e2e (Playwright against `next build && next start`,
# the Keycloak-shaped dev IdP and a scratch Postgres database). Ends with one line: N passed, N failed.
set -uo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/unit.json test-results/e2e.json

npx vitest run --reporter=default --reporter=json --outputFile=test-results/unit.json
unit_status=$?

# Build with the same public settings the e2e servers use (secrets are not baked into the build).
(eval "$(npx tsx scripts/e2e-env.ts)" && npm run build) > test-results/build.log 2>&1
build_status=$?
if [ $build_status -ne 0 ]; then
  tail -40 test-results/build.log
  echo "next build failed"
else
  npx playwright test
fi

node scripts/count-results.mjs test-results/unit.json test-results/e2e.json $build_status
