#!/usr/bin/env bash
# npm test — every suite: unit (vitest), then e2e (Playwright against `next build && next start`,
# the Keycloak-shaped dev IdP and a scratch Postgres database). Ends with one line: N passed, N failed.
set -uo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/unit.json reports/e2e.json

npm run generate > reports/generate.log 2>&1 || { cat reports/generate.log; echo "prisma generate failed"; }

npx vitest run --reporter=default --reporter=json --outputFile=reports/unit.json
unit_status=$?

# Build with the same public settings the e2e servers use (secrets are not baked into the build).
(eval "$(npx tsx scripts/e2e-env.ts)" && npm run build) > reports/build.log 2>&1
build_status=$?
if [ $build_status -ne 0 ]; then
  tail -40 reports/build.log
  echo "next build failed"
else
  npx playwright test
fi

node scripts/count-results.mjs reports/unit.json reports/e2e.json $build_status
