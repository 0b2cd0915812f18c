// npm run start:demo — the portal on a fresh machine with nothing configured:
// - the Keycloak-shaped dev IdP with the demo users of docker/keycloak/dev-users.json,
// - DATABASE_URL if set, otherwise an embedded Postgres (PGlite) kept in .data/pglite,
// - without JITSI_APP_SECRET, demo mode on the public Jitsi domain (clearly marked in the UI).
// Dev-only secrets are generated once and kept in .data/demo-secrets.json.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrations";
import { startDevIdp } from "../lib/dev-idp/provider";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data");

// The quick start's own knobs; the portal's settings are validated by lib/env.ts in the child.
const opts = z
  .object({
    PORT: z.coerce.number().int().default(3000),
    DEV_IDP_PORT: z.coerce.number().int().default(8180),
    PGLITE_PORT: z.coerce.number().int().default(54329),
    DATABASE_URL: z.url().optional(),
  })
  .parse(process.env);

const portalUrl = `http://127.0.0.1:${opts.PORT}`;
await mkdir(dataDir, { recursive: true });
const secrets = await demoSecrets();

const database = opts.DATABASE_URL
  ? { DATABASE_URL: opts.DATABASE_URL }
  : (await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite"), port: opts.PGLITE_PORT })).env;
const applied = await applyMigrations(database.DATABASE_URL);
console.log(applied.length ? `Migrations applied: ${applied.join(", ")}` : "Database is up to date.");

const idp = await startDevIdp({ port: opts.DEV_IDP_PORT, portalUrl, clientSecret: secrets.KEYCLOAK_CLIENT_SECRET });

const portal = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "-p", String(opts.PORT), "-H", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    ...secrets,
    NEXT_TELEMETRY_DISABLED: "1",
    ...database,
    NEXTAUTH_URL: portalUrl,
    KEYCLOAK_ISSUER: idp.issuer,
    KEYCLOAK_CLIENT_ID: "meeting-portal",
    REALM_GROUPS: idp.groups.join(","),
  },
});

console.log(`
  Portal:   ${portalUrl}
  Sign in:  ada (admin), erin, emil and finn (employees), nora (no role); password <name>-demo-pass
  Jitsi:    ${process.env.JITSI_APP_SECRET ? `${process.env.JITSI_DOMAIN} with tokens` : "DEMO MODE, public meet.jit.si without tokens"}
  Database: ${opts.DATABASE_URL ? "DATABASE_URL" : `embedded PGlite in ${path.relative(root, dataDir)}/pglite`}
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => portal.kill(signal));
portal.on("exit", async (code) => {
  await idp.close();
  process.exit(code ?? 0);
});

async function demoSecrets() {
  const file = path.join(dataDir, "demo-secrets.json");
  const shape = z.object({ NEXTAUTH_SECRET: z.string(), ROOM_NAME_SECRET: z.string(), KEYCLOAK_CLIENT_SECRET: z.string() });
  const existing = await readFile(file, "utf8").then((t) => shape.safeParse(JSON.parse(t))).catch(() => null);
  if (existing?.success) return existing.data;
  const fresh = { NEXTAUTH_SECRET: random(), ROOM_NAME_SECRET: random(), KEYCLOAK_CLIENT_SECRET: random() };
  await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}

function random() {
  return randomBytes(32).toString("base64url");
}
