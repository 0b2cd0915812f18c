// npm run bench — the token route under load (autocannon on loopback against the standalone build),
// beside an empty route in the same run and the same work without Next.js around it.
// Needs `npm run build` first and the local Postgres. Prints figures; asserts nothing.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Module, createRequire } from "node:module";
import path from "node:path";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrations";

const root = path.resolve(import.meta.dirname, "..");
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const databaseUrl = `${adminUrl.replace(/\/[^/]*$/, "")}/portal_bench`;
const port = 3200;
const base = `http://127.0.0.1:${port}`;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const secret = () => randomBytes(32).toString("base64url");
const env = {
  NODE_ENV: "production" as const,
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(port),
  HOSTNAME: "127.0.0.1",
  DATABASE_URL: databaseUrl,
  NEXTAUTH_URL: base,
  NEXTAUTH_SECRET: secret(),
  KEYCLOAK_ISSUER: "http://127.0.0.1:1/realms/portal", // never contacted: the session is minted below
  KEYCLOAK_CLIENT_ID: "meeting-portal",
  KEYCLOAK_CLIENT_SECRET: secret(),
  ROOM_NAME_SECRET: secret(),
  JITSI_DOMAIN: "meet.bench.test",
  JITSI_APP_SECRET: secret(),
};
Object.assign(process.env, env);

const { userId, meetingId, seriesId } = await seed();
const cookie = `next-auth.session-token=${await encode({
  secret: env.NEXTAUTH_SECRET,
  token: { sub: "bench", uid: userId, name: "Bench User", email: "bench@example.test" },
})}`;

const server = await startServer();
try {
  const rows: string[][] = [];
  for (const connections of [50, 200]) {
    rows.push(await load("empty route  GET /api/live", connections, { url: `${base}/api/live` }));
    rows.push(await load("token route  POST /api/meetings/:id/token", connections, { url: `${base}/api/meetings/${meetingId}/token`, method: "POST", headers: { cookie } }));
    rows.push(await load("token route, weekly series on now", connections, { url: `${base}/api/meetings/${seriesId}/token`, method: "POST", headers: { cookie } }));
  }
  rows.push(...(await reference(userId, meetingId, cookie)));
  console.log(`\n${"what".padEnd(46)} ${"conns".padStart(5)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"non-2xx".padStart(8)}`);
  for (const r of rows) console.log(`${r[0]!.padEnd(46)} ${r[1]!.padStart(5)} ${r[2]!.padStart(8)} ${r[3]!.padStart(7)} ${r[4]!.padStart(7)} ${r[5]!.padStart(8)}`);
} finally {
  server.kill("SIGTERM");
}

async function load(name: string, connections: number, opts: { url: string; method?: "POST"; headers?: Record<string, string> }) {
  // Warm-up, so JIT and connection pools are not part of the figures.
  await autocannon({ ...opts, connections: 10, duration: 2 });
  const r = await autocannon({ ...opts, connections, duration: DURATION });
  return [name, String(connections), r.requests.average.toFixed(0), String(r.latency.p50), String(r.latency.p99), String(r.non2xx + r.errors)];
}

/** The route's own work (session decode, access lookup, signing) in-process, no HTTP, no Next.js. */
async function reference(userId: string, meetingId: string, cookieHeader: string): Promise<string[][]> {
  // Imported only now: these modules read the environment set above when they load. "server-only"
  // throws outside React Server Components by design; here the same code runs in plain Node.
  const require = createRequire(import.meta.url);
  const serverOnly = require.resolve("server-only");
  require.cache[serverOnly] = Object.assign(new Module(serverOnly), { loaded: true, exports: {} });
  const { decode } = await import("next-auth/jwt");
  const { loadMeeting } = await import("../lib/access/load-meeting");
  const { conferenceRights } = await import("../lib/access/meetings");
  const { issueConferenceTicket } = await import("../lib/jitsi/conference");
  const { lobbyWanted } = await import("../lib/invites/links");
  const { loadSessionUser } = await import("../lib/users");
  const sessionToken = cookieHeader.split("=")[1]!;
  const once = async () => {
    const t = await decode({ token: sessionToken, secret: env.NEXTAUTH_SECRET });
    const user = (await loadSessionUser(t!.uid))!;
    const grant = await loadMeeting(user, meetingId, "join");
    if (typeof grant === "string") throw new Error(grant);
    const rights = conferenceRights(user, grant.meeting);
    await issueConferenceTicket({ meeting: grant.meeting, user, rights, lobby: await lobbyWanted(grant.meeting) });
  };
  const rows: string[][] = [];
  for (const concurrency of [1, 50]) {
    for (let i = 0; i < 200; i++) await once();
    const latencies: number[] = [];
    const deadline = Date.now() + DURATION * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          await once();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.floor((latencies.length - 1) * p)]!.toFixed(2);
    rows.push(["reference: same work without Next.js", String(concurrency), (latencies.length / seconds).toFixed(0), pct(0.5), pct(0.99), "0"]);
  }
  return rows;
}

async function seed() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("drop database if exists portal_bench with (force)");
  await admin.query("create database portal_bench");
  await admin.end();
  await applyMigrations(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const user = await db.query(`insert into "User" (id, subject, name, email, roles, groups) values (gen_random_uuid(), 'bench', 'Bench User', 'bench@example.test', '{employee}', '{}') returning id`);
  const userId = user.rows[0].id as string;
  // Thousands of other meetings, so the access lookup runs against a realistic table.
  await db.query(
    `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
     select gen_random_uuid(), $1, 'm' || g, now() + g * interval '1 hour', now() + g * interval '1 hour' + interval '30 minutes', 30, 'UTC', now()
     from generate_series(1, 5000) g`,
    [userId],
  );
  const meeting = await db.query(`select id from "Meeting" order by "startsAt" limit 1`);
  // A weekly series whose meeting is on now, with a moved and a cancelled one: the token route then
  // also expands the rule and reads the changes.
  const series = await db.query(
    `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", rrule, "updatedAt")
     values (gen_random_uuid(), $1, 'series', date_trunc('minute', now()) - interval '10 minutes', now() + interval '52 weeks', 60, 'Europe/Berlin', 'FREQ=WEEKLY;COUNT=52', now())
     returning id, "startsAt"`,
    [userId],
  );
  const { id: seriesId, startsAt } = series.rows[0] as { id: string; startsAt: Date };
  await db.query(
    `insert into "MeetingException" ("meetingId", "occurrenceStart", "cancelledAt", "startsAt", "durationMinutes")
     values ($1, $2::timestamp + interval '1 week', null, $2::timestamp + interval '8 days', 60), ($1, $2::timestamp + interval '2 weeks', now(), null, null)`,
    [seriesId, startsAt],
  );
  await db.end();
  return { userId, meetingId: meeting.rows[0].id as string, seriesId };
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, ".next/standalone/server.js")], { env: { ...process.env, ...env }, stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("the portal did not start; run `npm run build` first");
}
