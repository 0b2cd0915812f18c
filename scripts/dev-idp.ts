// tsx scripts/dev-idp.ts — runs the Keycloak-shaped dev IdP (lib/dev-idp) until SIGINT/SIGTERM.
// A standalone dev tool, so it reads its own few variables instead of lib/env.ts (which demands the whole app config).
import { z } from "zod";
import { startDevIdp } from "../lib/dev-idp/provider";

const env = z
  .object({
    DEV_IDP_PORT: z.coerce.number().int().min(1).max(65535).default(8180),
    PORTAL_URL: z.url().default("http://localhost:3000"),
    KEYCLOAK_CLIENT_SECRET: z.string().min(16).default("dev-client-secret-not-for-production"),
    // Another realm or users file (the e2e run adds a person in 1,000 groups); the repository's by default.
    DEV_IDP_REALM_FILE: z.string().min(1).optional(),
    DEV_IDP_USERS_FILE: z.string().min(1).optional(),
  })
  .parse(process.env);

const idp = await startDevIdp({
  port: env.DEV_IDP_PORT,
  portalUrl: env.PORTAL_URL,
  clientSecret: env.KEYCLOAK_CLIENT_SECRET,
  realmFile: env.DEV_IDP_REALM_FILE,
  usersFile: env.DEV_IDP_USERS_FILE,
});
console.log(`dev IdP issuer: ${idp.issuer}`);
console.log("demo users (dev only): ada, erin, emil, nora; password <name>-demo-pass");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void idp.close().then(() => process.exit(0));
  });
}
