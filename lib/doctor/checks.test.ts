// The doctor against a working local setup (the quick start's pieces: dev IdP, migrated Postgres, and a
// loopback stand-in for Jitsi) and against setups broken on purpose, one fault at a time.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations, unappliedMigrations } from "@/lib/db/migrations";
import { startDevIdp } from "@/lib/dev-idp/provider";
import { speakXmpp } from "@/lib/doctor/prosody-stand-in";
import { runDoctor, type DoctorCheck } from "./checks";
import { dropDatabase, emptyDatabase, scratchUrl } from "@/test/scratch-database";

const dbName = (suffix: string) => `portal_doctor_${process.pid}_${suffix}`;
const migratedDb = dbName("ok");
const behindDb = dbName("behind");
const emptyDb = dbName("empty");
const scratchDbs = [migratedDb, behindDb, emptyDb];

const random = () => randomBytes(32).toString("base64url");
const clientSecret = random();
const jitsiSecret = random();
const portalUrl = "http://127.0.0.1:3000";

let idp: Awaited<ReturnType<typeof startDevIdp>>;
let jitsi: Awaited<ReturnType<typeof startJitsiStandIn>>;
let lastMigration: string;

beforeAll(async () => {
  for (const name of scratchDbs) await emptyDatabase(name);
  await applyMigrations(scratchUrl(migratedDb));
  // A portal one release ahead of its database: everything applied except the newest migration.
  await applyMigrations(scratchUrl(behindDb));
  lastMigration = (await readMigrations()).migrationDirectories.at(-1)!.path;
  await query(scratchUrl(behindDb), "delete from _prisma_migrations where migration_name = $1", [lastMigration]);
  idp = await startDevIdp({ port: 0, portalUrl, clientSecret });
  jitsi = await startJitsiStandIn();
});

afterAll(async () => {
  await idp?.close();
  await jitsi?.close();
  for (const name of scratchDbs) await dropDatabase(name);
});

// What the quick start gives the portal, plus the Jitsi settings a real deployment has.
function quickStartEnv(): Record<string, string | undefined> {
  return {
    DATABASE_URL: scratchUrl(migratedDb),
    NEXTAUTH_URL: portalUrl,
    NEXTAUTH_SECRET: random(),
    KEYCLOAK_ISSUER: idp.issuer,
    KEYCLOAK_CLIENT_ID: "meeting-portal",
    KEYCLOAK_CLIENT_SECRET: clientSecret,
    ROOM_NAME_SECRET: random(),
    JITSI_DOMAIN: `127.0.0.1:${jitsi.port}`,
    JITSI_APP_SECRET: jitsiSecret,
  };
}

async function doctor(opts: { env?: Record<string, string | undefined>; jitsiBaseUrl?: string } = {}) {
  const checks = await runDoctor({ env: { ...quickStartEnv(), ...opts.env }, jitsiBaseUrl: opts.jitsiBaseUrl ?? jitsi.url, xmppWebsocketUrl: jitsi.xmppUrl });
  return { checks, get: (id: string) => checks.find((c) => c.id === id)! };
}

const failing = (checks: DoctorCheck[]) => checks.filter((c) => !c.ok).map((c) => c.id);

describe("doctor", () => {
  it("is all green against the local quick start", async () => {
    jitsi.set({ skewMs: 0 });
    const { checks } = await doctor();
    expect(checks.map((c) => c.id)).toEqual(["settings", "keycloak-discovery", "keycloak-client", "jitsi-web", "jitsi-external-api", "clock", "prosody", "migrations"]);
    expect(checks.filter((c) => !c.ok), JSON.stringify(checks, null, 2)).toEqual([]);
    for (const c of checks) expect(c.hint).toBeUndefined();
    expect(checks.find((c) => c.id === "keycloak-client")!.detail).toContain("accepted");
  });

  it("flags mail sent from an example domain", async () => {
    const { get } = await doctor({ env: { MAIL_FROM: "Meeting portal <no-reply@example.org>" } });
    expect(get("settings").ok).toBe(false);
    expect(get("settings").detail).toContain("MAIL_FROM: example.org is not your mail domain");
  });

  it("says Keycloak refused the client when the secret is wrong", async () => {
    const { checks, get } = await doctor({ env: { KEYCLOAK_CLIENT_SECRET: random() } });
    expect(failing(checks)).toEqual(["keycloak-client"]);
    expect(get("keycloak-client").detail).toContain("Keycloak refused the client id or secret");
    expect(get("keycloak-client").hint).toContain("KEYCLOAK_CLIENT_SECRET must equal the secret");
    expect(get("keycloak-client").hint).toContain("docker/.env");
  });

  it("points at KC_HOSTNAME when Keycloak names a different issuer", async () => {
    const { checks, get } = await doctor({ env: { KEYCLOAK_ISSUER: `${idp.issuer}/` } });
    // The client is still tried against the advertised token endpoint, and still accepted.
    expect(failing(checks)).toEqual(["keycloak-discovery"]);
    expect(get("keycloak-discovery").detail).toContain(JSON.stringify(idp.issuer));
    expect(get("keycloak-discovery").hint).toContain("KC_HOSTNAME");
  });

  it("says Keycloak is unreachable, and does not try the client", async () => {
    const port = await closedPort();
    const { checks, get } = await doctor({ env: { KEYCLOAK_ISSUER: `http://127.0.0.1:${port}/realms/portal` } });
    expect(failing(checks)).toEqual(["keycloak-discovery", "keycloak-client"]);
    expect(get("keycloak-discovery").detail).toContain("connection refused");
    expect(get("keycloak-discovery").hint).toContain("Keycloak is running");
    expect(get("keycloak-client").hint).toContain("discovery check first");
  });

  it("says Jitsi is unreachable, and that the clock could not be read", async () => {
    const port = await closedPort();
    const { checks, get } = await doctor({ jitsiBaseUrl: `http://127.0.0.1:${port}` });
    expect(failing(checks)).toEqual(["jitsi-web", "jitsi-external-api", "clock"]);
    expect(get("jitsi-web").detail).toContain("connection refused");
    expect(get("jitsi-web").hint).toContain("JITSI_DOMAIN");
    expect(get("jitsi-external-api").hint).toContain("JITSI_DOMAIN");
    expect(get("clock").detail).toContain("Not measured");
  });

  it("gives up on a Jitsi that never answers after the timeout", async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const { checks, get } = await doctor({ jitsiBaseUrl: silent.url });
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(failing(checks)).toEqual(["jitsi-web", "jitsi-external-api", "clock"]);
      expect(get("jitsi-web").detail).toContain("no answer within 5 s");
    } finally {
      await silent.close();
    }
  }, 20_000);

  it("says when something other than Jitsi answers", async () => {
    jitsi.set({ skewMs: 0, htmlEverywhere: true });
    try {
      const { checks, get } = await doctor();
      expect(failing(checks)).toEqual(["jitsi-external-api"]);
      expect(get("jitsi-external-api").detail).toContain("text/html");
      expect(get("jitsi-external-api").hint).toContain("proxy");
    } finally {
      jitsi.set({ skewMs: 0 });
    }
  });

  it.each([
    [5 * 60_000, "ahead of"],
    [-5 * 60_000, "behind"],
  ])("finds a clock %i ms off", async (skewMs, direction) => {
    jitsi.set({ skewMs });
    try {
      const { checks, get } = await doctor();
      expect(failing(checks)).toEqual(["clock"]);
      const [, measured] = get("clock").detail.match(new RegExp(`^Jitsi's clock is ([\\d.]+) s ${direction} the portal's`)) ?? [];
      expect(Math.abs(Number(measured) - 300)).toBeLessThanOrEqual(1);
      expect(get("clock").hint).toContain("NTP");
    } finally {
      jitsi.set({ skewMs: 0 });
    }
  });

  it("tolerates a few seconds, allowing for the Date header's whole seconds", async () => {
    for (const [skewMs, ok] of [[9_000, true], [-9_000, true], [12_000, false], [-12_000, false]] as const) {
      jitsi.set({ skewMs });
      const { get } = await doctor();
      expect(get("clock").ok, `${skewMs} ms: ${get("clock").detail}`).toBe(ok);
    }
    jitsi.set({ skewMs: 0 });
  });

  it("finds a pending migration and says how to apply it", async () => {
    const { checks, get } = await doctor({ env: { DATABASE_URL: scratchUrl(behindDb) } });
    expect(failing(checks)).toEqual(["migrations"]);
    expect(get("migrations").detail).toBe(`1 migration is not applied: ${lastMigration}.`);
    expect(get("migrations").hint).toContain("npm run migrate");
    expect(get("migrations").hint).toContain("restart the portal container");
    // The doctor asks the same question as the migration runner, without bundling the schema engine.
    expect(await unappliedMigrations(scratchUrl(behindDb))).toEqual([lastMigration]);
  });

  it("lists every migration for a database that never ran one", async () => {
    const { checks, get } = await doctor({ env: { DATABASE_URL: scratchUrl(emptyDb) } });
    expect(failing(checks)).toEqual(["migrations"]);
    const all = await unappliedMigrations(scratchUrl(emptyDb));
    expect(get("migrations").detail).toBe(`${all.length} migration${all.length === 1 ? " is" : "s are"} not applied: ${all.join(", ")}.`);
  });

  it("does not pass when it cannot find the migration files", async () => {
    const checks = await runDoctor({ env: quickStartEnv(), jitsiBaseUrl: jitsi.url, migrationsDir: "/nonexistent/prisma/migrations" });
    const check = checks.find((c) => c.id === "migrations")!;
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("No migrations found");
  });

  it("says when the database cannot be reached", async () => {
    const port = await closedPort();
    const { checks, get } = await doctor({ env: { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/portal` } });
    expect(failing(checks)).toEqual(["migrations"]);
    expect(get("migrations").detail).toContain("connection refused");
    expect(get("migrations").hint).toContain("DATABASE_URL");
  });

  it("lists each placeholder or missing setting", async () => {
    const { checks, get } = await doctor({
      env: { NEXTAUTH_SECRET: "dev-nextauth-secret-not-for-production-0000", JITSI_APP_SECRET: undefined, NEXTAUTH_URL: "https://portal.example.org" },
    });
    // Without JITSI_APP_SECRET there is no probe token to show Prosody.
    expect(failing(checks)).toEqual(["settings", "prosody"]);
    const lines = get("settings").detail.split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        "NEXTAUTH_SECRET: NEXTAUTH_SECRET is a placeholder; run docker/init.sh to generate one",
        expect.stringMatching(/^JITSI_APP_SECRET: JITSI_APP_SECRET is required/),
        "NEXTAUTH_URL: portal.example.org is the example value, not your host name",
      ]),
    );
    expect(lines).toHaveLength(3);
    expect(get("settings").hint).toContain("docker/init.sh");
  });

  it("turns an empty environment into red checks, never a throw", async () => {
    const checks = await runDoctor({ env: {} });
    expect(checks).toHaveLength(8);
    expect(checks.every((c) => !c.ok && c.hint)).toBe(true);
  });
});

// ---- stand-ins -----------------------------------------------------------------------------------

/** Serves what Jitsi's web container serves at `/` and `/external_api.js`, with a Date header `skewMs` off. */
async function startJitsiStandIn() {
  let state = { skewMs: 0, htmlEverywhere: false };
  const server = createServer((req, res) => {
    res.setHeader("date", new Date(Date.now() + state.skewMs).toUTCString());
    if (req.url === "/external_api.js" && !state.htmlEverywhere) {
      res.writeHead(200, { "content-type": "application/javascript" });
      res.end("function JitsiMeetExternalAPI(domain, options) {}");
    } else if (req.url === "/" || state.htmlEverywhere) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!DOCTYPE html><html><head><title>Jitsi Meet</title></head><body></body></html>");
    } else {
      res.writeHead(404).end();
    }
  });
  // The defaults of lib/env.ts for issuer and audience, as Prosody is configured in docker/compose.yml.
  speakXmpp(server, { secret: jitsiSecret, issuers: ["meeting-portal"], audiences: ["jitsi"] });
  const { port, close } = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    xmppUrl: `ws://127.0.0.1:${port}/xmpp-websocket`,
    set: (next: { skewMs: number; htmlEverywhere?: boolean }) => void (state = { htmlEverywhere: false, ...next }),
    close,
  };
}

/** Accepts connections and never answers. */
async function startSilentServer() {
  const server = createServer(() => {});
  const { port, close } = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close };
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const { port, close } = await listen(createServer());
  await close();
  return port;
}

async function listen(server: Server) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function query(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

