// The doctor: checks a running deployment from the outside, the way the portal itself meets it
// (settings, Keycloak, Jitsi, clocks, database), and says what is wrong and how to fix it.
// Pure of process.env: the caller passes the environment (scripts/doctor.ts, lib/doctor/server-env.ts).
// Every check ends as a green or red line with a hint; nothing here throws at the caller.
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { askProsody } from "@/lib/doctor/prosody";
import { parseEnv } from "@/lib/env";

export type DoctorCheck = { id: string; title: string; ok: boolean; detail: string; hint?: string };

export type DoctorInput = {
  env: Record<string, string | undefined>;
  /** Where Jitsi Meet is served; `https://${JITSI_DOMAIN}` unless given (tests pass a loopback stand-in). */
  jitsiBaseUrl?: string;
  /** Prosody's websocket; `wss://${JITSI_DOMAIN}/xmpp-websocket` unless given (tests pass a stand-in). */
  xmppWebsocketUrl?: string;
  fetchImpl?: typeof fetch;
  now?: () => Date;
  /** The portal's prisma/migrations; under the working directory unless given (the image's WORKDIR is /app). */
  migrationsDir?: string;
};

export const TIMEOUT_MS = 5_000;
// Tokens are back-dated 30 s and Prosody allows no skew; 10 s keeps a margin for drift between checks.
export const MAX_SKEW_MS = 10_000;

export async function runDoctor(input: DoctorInput): Promise<DoctorCheck[]> {
  const probe: Probe = { env: input.env, fetch: input.fetchImpl ?? fetch, now: input.now ?? (() => new Date()) };
  const domain = input.env.JITSI_DOMAIN?.trim();
  const jitsiBaseUrl = input.jitsiBaseUrl ?? (domain ? `https://${domain}` : undefined);
  const migrationsDir = input.migrationsDir ?? path.join(process.cwd(), "prisma/migrations");
  const xmppUrl = input.xmppWebsocketUrl ?? (domain ? `wss://${domain}/xmpp-websocket` : undefined);
  const [keycloak, jitsi, prosody, migrations] = await Promise.all([
    checkKeycloak(probe),
    checkJitsi(probe, jitsiBaseUrl),
    checkProsody(probe, xmppUrl),
    checkMigrations(input.env.DATABASE_URL, migrationsDir),
  ]);
  return [checkSettings(input.env), ...keycloak, ...jitsi, prosody, migrations];
}

type Probe = { env: Record<string, string | undefined>; fetch: typeof fetch; now: () => Date };

const titles = {
  settings: "Required settings",
  "keycloak-discovery": "Keycloak discovery document",
  "keycloak-client": "Keycloak accepts the portal's client",
  "jitsi-web": "Jitsi Meet web app",
  "jitsi-external-api": "Jitsi external_api.js",
  clock: "Clock difference between portal and Jitsi",
  prosody: "Prosody accepts the portal's tokens",
  migrations: "Database migrations",
} as const;
type CheckId = keyof typeof titles;

const green = (id: CheckId, detail: string): DoctorCheck => ({ id, title: titles[id], ok: true, detail });
const red = (id: CheckId, detail: string, hint: string): DoctorCheck => ({ id, title: titles[id], ok: false, detail, hint });

// The values docker/.env.example and .env.example ship with (RFC 2606 names), copied but never edited.
const EXAMPLE_HOST = /(^|\.)example\.(org|com|net)$/i;

function checkSettings(env: Record<string, string | undefined>): DoctorCheck {
  const problems: string[] = [];
  try {
    // The deployment is judged as production: placeholders and a missing JITSI_APP_SECRET are errors there.
    parseEnv({ ...env, NODE_ENV: "production" });
  } catch (e) {
    // parseEnv reports one "  KEY: message" line per problem under a heading.
    const lines = String((e as Error).message).split("\n").slice(1).map((l) => l.trim()).filter(Boolean);
    problems.push(...(lines.length ? lines.map((l) => l.replace(/Invalid input: expected \w+, received undefined$/, "not set")) : [errorText(e)]));
  }
  // parseEnv's production rules only run once every field parses; say this one up front.
  if (!env.JITSI_APP_SECRET && !problems.some((p) => p.startsWith("JITSI_APP_SECRET"))) {
    problems.push("JITSI_APP_SECRET: not set, so Jitsi would run without tokens (demo mode)");
  }
  if (!env.JITSI_DOMAIN) problems.push("JITSI_DOMAIN: not set, so the portal would send its tokens to the public meet.jit.si");
  for (const key of ["NEXTAUTH_URL", "KEYCLOAK_ISSUER", "JITSI_DOMAIN"]) {
    const host = hostOf(env[key]);
    if (host && EXAMPLE_HOST.test(host)) problems.push(`${key}: ${host} is the example value, not your host name`);
  }
  // Mail from an example (or local) domain is refused or filtered as spam by receiving servers.
  const mailHost = env.MAIL_FROM?.match(/@([^>\s]+)/)?.[1];
  if (mailHost && (EXAMPLE_HOST.test(mailHost) || mailHost === "localhost")) problems.push(`MAIL_FROM: ${mailHost} is not your mail domain`);
  if (problems.length === 0) return green("settings", "Every required setting is present and none is a placeholder.");
  return red(
    "settings",
    problems.join("\n"),
    "Set each variable listed above in the portal's environment (with Docker Compose: docker/.env, then `docker compose up -d portal`); docker/init.sh writes a docker/.env with fresh random secrets.",
  );
}

async function checkKeycloak(p: Probe): Promise<DoctorCheck[]> {
  const issuer = p.env.KEYCLOAK_ISSUER;
  if (!issuer || !hostOf(issuer)) {
    const hint = "Set KEYCLOAK_ISSUER to https://<keycloak host>/realms/<realm> (the stack's realm is `portal`).";
    return [red("keycloak-discovery", "KEYCLOAK_ISSUER is not a URL.", hint), red("keycloak-client", "Not checked: KEYCLOAK_ISSUER is not a URL.", hint)];
  }
  const discoveryUrl = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const doc = await request(p, discoveryUrl);
  const unreachableHint = `Check that ${hostOf(issuer)} resolves and answers from the portal's host and that Keycloak is running (\`docker compose ps keycloak\`, \`docker compose logs keycloak\`).`;
  let discovery: DoctorCheck;
  let tokenEndpoint: string | undefined;
  if (!doc.ok) {
    discovery = red("keycloak-discovery", `${discoveryUrl}: ${doc.error}`, hintForFailure(doc, unreachableHint));
  } else if (doc.res.status !== 200) {
    const hint = doc.res.status === 404 ? "No realm at that address: check the realm name at the end of KEYCLOAK_ISSUER." : unreachableHint;
    discovery = red("keycloak-discovery", `${discoveryUrl} answered HTTP ${doc.res.status}.`, hint);
  } else {
    const meta = parseJson(await doc.res.text().catch(() => "")) as { issuer?: unknown; token_endpoint?: unknown } | undefined;
    tokenEndpoint = typeof meta?.token_endpoint === "string" ? meta.token_endpoint : undefined;
    if (!meta || !tokenEndpoint) {
      discovery = red("keycloak-discovery", `${discoveryUrl} is not an OpenID Connect discovery document (no token_endpoint).`, "KEYCLOAK_ISSUER must point at the realm itself, https://<keycloak host>/realms/<realm>, and the proxy must pass that path to Keycloak.");
    } else if (meta.issuer !== issuer) {
      discovery = red(
        "keycloak-discovery",
        `Keycloak calls itself ${JSON.stringify(meta.issuer)}, but KEYCLOAK_ISSUER is ${JSON.stringify(issuer)}; sign-in fails when they differ.`,
        "Keycloak builds its issuer from its public URL: set KC_HOSTNAME to https://<keycloak host> and let the proxy send X-Forwarded-* headers (KC_PROXY_HEADERS=xforwarded), or set KEYCLOAK_ISSUER to exactly the issuer Keycloak reports (no trailing slash).",
      );
    } else {
      discovery = green("keycloak-discovery", `${discoveryUrl} names issuer ${issuer}.`);
    }
  }
  return [discovery, await checkKeycloakClient(p, tokenEndpoint)];
}

// client_credentials is the one grant that needs no user: Keycloak authenticates the client first, then
// answers invalid_client (401) for a wrong id or secret, or unauthorized_client when service accounts are
// off (the realm's setting). The dev IdP answers unsupported_grant_type after authenticating.
async function checkKeycloakClient(p: Probe, tokenEndpoint: string | undefined): Promise<DoctorCheck> {
  if (!tokenEndpoint) return red("keycloak-client", "Not checked: the discovery document named no token endpoint.", "Fix the Keycloak discovery check first.");
  const { KEYCLOAK_CLIENT_ID: id = "", KEYCLOAK_CLIENT_SECRET: secret = "" } = p.env;
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined for HTTP Basic.
  const basic = Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString("base64");
  const answer = await request(p, tokenEndpoint, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ grant_type: "client_credentials" }).toString(),
  });
  if (!answer.ok) return red("keycloak-client", `${tokenEndpoint}: ${answer.error}`, hintForFailure(answer, "Keycloak's token endpoint must be reachable from the portal's host."));
  const body = parseJson(await answer.res.text().catch(() => "")) as { error?: unknown; access_token?: unknown } | undefined;
  const error = typeof body?.error === "string" ? body.error : undefined;
  if (answer.res.status === 401 || error === "invalid_client") {
    return red(
      "keycloak-client",
      `Keycloak refused the client id or secret (HTTP ${answer.res.status}${error ? ` ${error}` : ""}) for client ${JSON.stringify(id)}.`,
      "KEYCLOAK_CLIENT_SECRET must equal the secret of the client KEYCLOAK_CLIENT_ID in the realm (Keycloak admin console → Clients → meeting-portal → Credentials; with Docker Compose it comes from KEYCLOAK_CLIENT_SECRET in docker/.env, imported with the realm on Keycloak's first start).",
    );
  }
  if (answer.res.status === 200 && typeof body?.access_token === "string") {
    return green("keycloak-client", `Client ${JSON.stringify(id)} accepted. Keycloak also issued a service-account token, so service accounts are on for this client; the portal does not need them.`);
  }
  if (answer.res.status >= 400 && answer.res.status < 500 && error) {
    return green("keycloak-client", `Client ${JSON.stringify(id)} accepted (the token endpoint authenticated it and then answered ${error}: it may not use the client_credentials grant, which the portal does not need).`);
  }
  return red("keycloak-client", `${tokenEndpoint} answered HTTP ${answer.res.status} without an OAuth error.`, "Check Keycloak's logs (`docker compose logs keycloak`) and that the proxy passes POST requests to it.");
}

type Answered = { ok: true; res: Response; sentAt: number; receivedAt: number };
type Failed = { ok: false; error: string; code?: string };

async function checkJitsi(p: Probe, baseUrl: string | undefined): Promise<DoctorCheck[]> {
  if (!baseUrl) {
    const hint = "Set JITSI_DOMAIN to the host name your Jitsi Meet is served on (MEET_DOMAIN in docker/.env).";
    return (["jitsi-web", "jitsi-external-api", "clock"] as const).map((id) => red(id, "Not checked: JITSI_DOMAIN is not set.", hint));
  }
  const base = baseUrl.replace(/\/+$/, "");
  const [web, api] = await Promise.all([request(p, `${base}/`), request(p, `${base}/external_api.js`)]);
  const unreachableHint = `Check that ${hostOf(base)} resolves to your Jitsi host from the portal's host, that the proxy (Caddy) serves it and that JITSI_DOMAIN names it.`;

  let webCheck: DoctorCheck;
  if (!web.ok) webCheck = red("jitsi-web", `${base}/: ${web.error}`, hintForFailure(web, unreachableHint));
  else if (!web.res.ok) webCheck = red("jitsi-web", `${base}/ answered HTTP ${web.res.status}.`, "The Jitsi web container is not answering behind the proxy: `docker compose ps web`, `docker compose logs web`.");
  else if (!/text\/html/i.test(web.res.headers.get("content-type") ?? "")) webCheck = red("jitsi-web", `${base}/ answered ${web.res.headers.get("content-type") ?? "no content type"}, not HTML.`, unreachableHint);
  else webCheck = green("jitsi-web", `${base}/ serves HTML (HTTP ${web.res.status}).`);

  let apiCheck: DoctorCheck;
  if (!api.ok) apiCheck = red("jitsi-external-api", `${base}/external_api.js: ${api.error}`, hintForFailure(api, unreachableHint));
  else if (!api.res.ok) apiCheck = red("jitsi-external-api", `${base}/external_api.js answered HTTP ${api.res.status}.`, "The portal embeds rooms with this script: the Jitsi web container must serve it at the site's root.");
  else {
    const type = api.res.headers.get("content-type") ?? "";
    const text = await api.res.text().catch(() => "");
    apiCheck = /javascript/i.test(type) || text.includes("JitsiMeetExternalAPI")
      ? green("jitsi-external-api", `${base}/external_api.js serves JavaScript (${type || "no content type"}).`)
      : red("jitsi-external-api", `${base}/external_api.js answered ${type || "no content type"} without JitsiMeetExternalAPI in it.`, "Something other than Jitsi Meet answers on that name (a fallback page?): check the proxy's route for JITSI_DOMAIN.");
  }
  // Only the headers of the page were needed; release its connection.
  if (web.ok) await web.res.body?.cancel().catch(() => {});
  return [webCheck, apiCheck, checkClock(web.ok ? web : api.ok ? api : undefined)];
}

function checkClock(sample: Answered | undefined): DoctorCheck {
  if (!sample) return red("clock", "Not measured: Jitsi did not answer.", "Fix the Jitsi web checks first; the clock is read from its HTTP Date header.");
  const date = sample.res.headers.get("date");
  const jitsiAt = date ? Date.parse(date) : NaN;
  if (Number.isNaN(jitsiAt)) return red("clock", "Not measured: Jitsi's answer has no valid Date header.", "The proxy in front of Jitsi should send a Date header (Caddy and nginx do).");
  // Date has whole seconds, so Jitsi's clock read somewhere in [jitsiAt, jitsiAt + 1 s) while ours read
  // somewhere between sending and receiving: the skew lies in this interval.
  const lowest = jitsiAt - sample.receivedAt;
  const highest = jitsiAt + 1000 - sample.sentAt;
  const estimate = (lowest + highest) / 2;
  const margin = (highest - lowest) / 2;
  const least = lowest > 0 ? lowest : highest < 0 ? -highest : 0;
  const measured = `Jitsi's clock is ${seconds(Math.abs(estimate))} ${estimate >= 0 ? "ahead of" : "behind"} the portal's (± ${seconds(margin)})`;
  if (least <= MAX_SKEW_MS) return green("clock", `${measured}; tokens tolerate up to ${MAX_SKEW_MS / 1000} s.`);
  return red(
    "clock",
    `${measured}. Prosody allows no clock skew: tokens (valid from 30 s before they are signed) are refused as not yet valid or expired.`,
    "Synchronise both hosts' clocks with NTP (chrony, or `timedatectl set-ntp true` for systemd-timesyncd); `timedatectl` or `chronyc tracking` shows whether a clock is synchronised.",
  );
}

async function checkProsody(p: Probe, url: string | undefined): Promise<DoctorCheck> {
  if (!url) return red("prosody", "Not checked: JITSI_DOMAIN is not set.", "Set JITSI_DOMAIN to the host name your Jitsi Meet is served on (MEET_DOMAIN in docker/.env).");
  const verdict = await askProsody(p.env, url, TIMEOUT_MS, p.now().getTime());
  return verdict.ok ? green("prosody", verdict.detail) : red("prosody", verdict.detail, verdict.hint ?? "");
}

async function checkMigrations(databaseUrl: string | undefined, migrationsDir: string): Promise<DoctorCheck> {
  if (!databaseUrl) return red("migrations", "Not checked: DATABASE_URL is not set.", "Set DATABASE_URL to the portal's postgres:// URL.");
  const onDisk = await migrationNames(migrationsDir);
  // Without its migration files the comparison would find nothing pending and pass by mistake.
  if (onDisk.length === 0) return red("migrations", `No migrations found in ${migrationsDir} to compare with.`, "Run the doctor from the portal's directory, next to prisma/migrations.");
  try {
    const pending = await pendingMigrations(databaseUrl, onDisk);
    if (pending.length === 0) return green("migrations", `All ${onDisk.length} migrations are applied.`);
    return red(
      "migrations",
      `${pending.length} migration${pending.length === 1 ? " is" : "s are"} not applied: ${pending.join(", ")}.`,
      "Run `npm run migrate` with the portal's DATABASE_URL, or restart the portal container, which applies pending migrations on start (`docker compose up -d portal`; `docker compose logs portal` if it stops).",
    );
  } catch (e) {
    return red("migrations", `Could not read the database: ${errorText(e)}.`, "Check that Postgres is running and reachable from here and that DATABASE_URL's host, database, user and password are right (`docker compose ps postgres`).");
  }
}

// ---- helpers -------------------------------------------------------------------------------------

// The same question as unappliedMigrations in lib/db/migrations.ts (the test holds the two together).
// That module cannot be bundled into the Next server: it finds prisma/ through import.meta.dirname,
// which the server bundle leaves undefined, and it loads the schema engine, which only the CLI needs.
async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

async function pendingMigrations(databaseUrl: string, onDisk: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: TIMEOUT_MS, query_timeout: TIMEOUT_MS });
  // A connection error after connect() would otherwise be thrown as an uncaught 'error' event.
  client.on("error", () => {});
  try {
    await client.connect();
    const table = await client.query<{ t: string | null }>("select to_regclass('_prisma_migrations')::text as t");
    if (!table.rows[0]?.t) return onDisk;
    const done = await client.query<{ migration_name: string }>(
      "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    return onDisk.filter((name) => !applied.has(name));
  } finally {
    await client.end().catch(() => {});
  }
}

async function request(p: Probe, url: string, init: RequestInit = {}): Promise<Answered | Failed> {
  const sentAt = p.now().getTime();
  try {
    const res = await p.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), cache: "no-store" });
    return { ok: true, res, sentAt, receivedAt: p.now().getTime() };
  } catch (e) {
    const code = (e as { cause?: { code?: unknown } }).cause?.code;
    return { ok: false, error: errorText(e), code: typeof code === "string" ? code : undefined };
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function hintForFailure(f: Failed, fallback: string): string {
  if (f.code && TLS_CODES.test(f.code)) {
    return "The certificate is not trusted here. With `docker/init.sh --tls-mode internal`, trust Caddy's local CA: NODE_EXTRA_CA_CERTS=docker/caddy/trust/caddy-local-root.crt for the CLI, PORTAL_EXTRA_CA_CERTS in docker/.env for the portal container.";
  }
  return fallback;
}

function errorText(e: unknown): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return `no answer within ${TIMEOUT_MS / 1000} s`;
  // fetch wraps the socket's error in `cause`; pg throws it directly (an AggregateError without a
  // message when several addresses were tried).
  const inner = ((e as { cause?: unknown })?.cause ?? e) as { code?: unknown; message?: unknown };
  const codes: Record<string, string> = { ENOTFOUND: "host name not found (DNS)", EAI_AGAIN: "DNS lookup failed", ECONNREFUSED: "connection refused", ECONNRESET: "connection reset", EHOSTUNREACH: "host unreachable", ERR_SSL_WRONG_VERSION_NUMBER: "no HTTPS on that port (plain HTTP?)" };
  if (typeof inner.code === "string" && codes[inner.code]) return codes[inner.code]!;
  const raw = typeof inner.message === "string" && inner.message ? inner.message : e instanceof Error ? e.message : String(e);
  const message = raw.replace(/\s+/g, " ").trim();
  // Node's codes help a search; Postgres' five-character SQLSTATEs do not.
  const code = typeof inner.code === "string" && !/^[0-9A-Z]{5}$/.test(inner.code) ? inner.code : undefined;
  return code && !message.includes(code) ? `${code} (${message})` : message;
}

function hostOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value.includes("://") ? value : `https://${value}`).hostname || undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const formEncode = (s: string) => new URLSearchParams([["", s]]).toString().slice(1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
