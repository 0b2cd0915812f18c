// One configuration for the e2e stack (dev IdP + `next start` + a scratch Postgres database).
// Fresh random secrets per run: nothing here is a credential worth keeping.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const adminUrl = process.env.E2E_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// Overridable, so a second run (another checkout, other ports) never drops the first run's database.
export const E2E_DATABASE = process.env.E2E_DATABASE ?? "portal_e2e";
export const POSTGRES_ADMIN_URL = adminUrl;

const portalPort = Number(process.env.E2E_PORTAL_PORT ?? 3100);
const idpPort = Number(process.env.E2E_IDP_PORT ?? 8181);
// The SMTP server e2e/calendar.spec.ts runs on loopback; the portal's mail worker delivers to it.
export const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2525);

// Random per run but shared by every Playwright process: the config module is evaluated in each worker.
const secret = (name: string) => (process.env[`E2E_${name}`] ??= randomBytes(32).toString("base64url"));
// Encrypted recordings of this run, in a directory of its own (e2e/recordings.spec.ts inspects it).
const recordingsDir = (process.env.E2E_RECORDINGS_DIR ??= path.join(tmpdir(), `portal-e2e-recordings-${randomBytes(6).toString("hex")}`));

// The dev IdP's realm and users for this run: the repository's plus a person in 1,000 groups (e2e/many-groups.ts).
const idpDir = (process.env.E2E_IDP_DIR ??= path.join(tmpdir(), `portal-e2e-idp-${randomBytes(6).toString("hex")}`));
// A certificate for e2e/webhooks.spec.ts's HTTPS receiver on loopback, trusted by the portal through
// NODE_EXTRA_CA_CERTS (as a deployment trusts a private CA): made once per run, shared by every process.
const webhookTlsDir = (process.env.E2E_WEBHOOK_TLS_DIR ??= path.join(tmpdir(), `portal-e2e-tls-${randomBytes(6).toString("hex")}`));
export const webhookTls = { key: path.join(webhookTlsDir, "key.pem"), cert: path.join(webhookTlsDir, "cert.pem") };
if (!existsSync(webhookTls.cert)) {
  mkdirSync(webhookTlsDir, { recursive: true });
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", webhookTls.key, "-out", webhookTls.cert], { stdio: "ignore" });
}

export const portalUrl = `http://127.0.0.1:${portalPort}`;
// Everything the portal server prints during the run (playwright.config.ts), scanned by e2e/server-log.check.ts.
export const SERVER_LOG = "reports/portal-server.log";
export const e2eEnv = {
  NODE_ENV: "production",
  PORT: String(portalPort),
  HOSTNAME: "127.0.0.1",
  DATABASE_URL: `${adminUrl.replace(/\/[^/]*$/, "")}/${E2E_DATABASE}`,
  NEXTAUTH_URL: portalUrl,
  NEXTAUTH_SECRET: secret("NEXTAUTH_SECRET"),
  KEYCLOAK_ISSUER: `http://127.0.0.1:${idpPort}/realms/portal`,
  KEYCLOAK_CLIENT_ID: "meeting-portal",
  KEYCLOAK_CLIENT_SECRET: secret("KEYCLOAK_CLIENT_SECRET"),
  ROOM_NAME_SECRET: secret("ROOM_NAME_SECRET"),
  JITSI_DOMAIN: "meet.e2e.test",
  JITSI_APP_ID: "meeting-portal",
  JITSI_APP_SECRET: secret("JITSI_APP_SECRET"),
  JITSI_AUDIENCE: "jitsi",
  JITSI_XMPP_DOMAIN: "meet.jitsi",
  ORGANISATION_NAME: "E2E Org",
  JOIN_OPENS_MINUTES_BEFORE: "10",
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: "60",
  // Token requests: generous enough for the whole suite, low enough for e2e/hardening.spec.ts to reach.
  RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE: "30",
  // The tests stand in for Caddy: they send X-Forwarded-For as it does (one trusted hop).
  TRUSTED_PROXY_HOPS: "1",
  RECORDINGS_MASTER_KEY: (process.env.E2E_RECORDINGS_MASTER_KEY ??= randomBytes(32).toString("base64")),
  RECORDINGS_INGEST_SECRET: secret("RECORDINGS_INGEST_SECRET"),
  RECORDINGS_DIR: recordingsDir,
  PROSODY_EVENTS_SECRET: secret("PROSODY_EVENTS_SECRET"),
  NODE_EXTRA_CA_CERTS: webhookTls.cert,
  DEV_IDP_PORT: String(idpPort),
  DEV_IDP_REALM_FILE: path.join(idpDir, "realm.json"),
  DEV_IDP_USERS_FILE: path.join(idpDir, "users.json"),
  PORTAL_URL: portalUrl,
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_FROM: "E2E Portal <portal@e2e.test>",
  MAIL_WORKER_INTERVAL_SECONDS: "1",
} as const;

export const DEMO_USERS = ["ada", "erin", "emil", "nora"] as const;
export type DemoUser = (typeof DEMO_USERS)[number];
// In the realm, never signed in by the setup: a colleague the portal has not seen yet.
export const FRESH_USER = "finn";
export const storageStateFor = (user: DemoUser) => `e2e/.auth/${user}.json`;
