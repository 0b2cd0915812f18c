// npm run doctor — checks a running deployment from the outside with the portal's settings from the
// environment: settings, Keycloak discovery and client, Jitsi's web app and external_api.js, the clock
// difference to Jitsi, and the database migrations. One line per check; exits 1 if any is red.
// Run it where the portal's variables are set, e.g. `set -a; . ./portal.env; set +a; npm run doctor`
// (inside the stack the admin page /admin/doctor runs the same checks with the portal's own settings).

// A type-only import is erased, so it loads nothing before the flag below is set.
import type { DoctorCheck } from "../lib/doctor/checks";

// lib/env.ts validates process.env when it is imported and would stop this script with a stack trace
// before it could report the broken settings; the doctor validates them itself (the "settings" check).
// The environment is copied first so the flag does not show up in what is checked.
const portalEnv = { ...process.env };
process.env.SKIP_ENV_VALIDATION = "1";
const { runDoctor } = await import("../lib/doctor/checks");

const checks: DoctorCheck[] = await runDoctor({ env: portalEnv });

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
const indent = (s: string) => s.split("\n").map((line) => `    ${line}`).join("\n");

for (const c of checks) {
  console.log(`${c.ok ? paint(32, "✔") : paint(31, "✘")} ${c.title}`);
  console.log(paint(2, indent(c.detail)));
  if (c.hint) console.log(indent(`${paint(33, "Fix:")} ${c.hint}`));
}
const failed = checks.filter((c) => !c.ok).length;
console.log(failed ? paint(31, `\n${failed} of ${checks.length} checks failed.`) : paint(32, `\nAll ${checks.length} checks passed.`));
// A database connection that timed out may still be pending; the verdict is in, so leave now.
process.exit(failed ? 1 : 0);
