// What the benchmarks share: a scratch database, the standalone build started on it, a signed-in
// session cookie, autocannon runs, and a table with each figure's ratio to its reference in the same
// run (absolute numbers on a shared 2-core machine mean little; ratios within one run do).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Module, createRequire } from "node:module";
import path from "node:path";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrations";

const root = path.resolve(import.meta.dirname, "..");
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const secret = () => randomBytes(32).toString("base64url");

/** The portal's settings for a bench on its own port and database; also set in this process. */
export function benchEnv(port: number, database: string) {
  const base = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    DATABASE_URL: `${adminUrl.replace(/\/[^/]*$/, "")}/${database}`,
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: secret(),
    KEYCLOAK_ISSUER: "http://127.0.0.1:1/realms/portal", // never contacted: the session is minted below
    KEYCLOAK_CLIENT_ID: "meeting-portal",
    KEYCLOAK_CLIENT_SECRET: secret(),
    ROOM_NAME_SECRET: secret(),
    JITSI_DOMAIN: "meet.bench.test",
    JITSI_APP_SECRET: secret(),
    // One bench user asks for thousands of tokens a minute: the limiter still runs, it just never refuses.
    RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE: "100000000",
    RATE_LIMIT_TOKENS_PER_ADDRESS_PER_MINUTE: "100000000",
  };
  Object.assign(process.env, env);
  return { env, base };
}

/** A freshly migrated database; the client is the caller's to seed with and close. */
export async function freshDatabase(databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  await applyMigrations(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  return db;
}

/** The session cookie next-auth would set for this user after signing in. */
export async function sessionCookie(nextauthSecret: string, userId: string) {
  return `next-auth.session-token=${await encode({ secret: nextauthSecret, token: { sub: "bench", uid: userId, name: "Bench User", email: "bench@example.test" } })}`;
}

export async function startServer(env: Record<string, string>, base: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--require", path.join(root, "bench/heap-probe.cjs"), path.join(root, ".next/standalone/server.js")], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error("the portal did not start; run `npm run build` first");
}

/** The server's peak resident memory so far (Linux), printed beside the figures. */
export function peakMemory(server: ChildProcess): string {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return `server peak memory (VmHWM): ${(kb / 1024).toFixed(0)} MB`;
}

/** What autocannon asks for in a scenario. */
export type Target = { url: string; method?: "POST"; headers?: Record<string, string> };

/** The server's heap after a full collection (bench/heap-probe.cjs). */
function heapAfterGc(server: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    server.once("message", (m: { heapUsed: number }) => resolve(m.heapUsed));
    server.send("heap");
  });
}

/**
 * What the server's heap keeps per request once it is collected: `requests` more requests (after the
 * figures, so warm), between two full collections. A render that outlives its request shows here as
 * kilobytes per request; a steady server stays near zero.
 */
export async function retainedPerRequest(name: string, server: ChildProcess, opts: Target, requests = 3000): Promise<string> {
  const before = await heapAfterGc(server);
  await autocannon({ ...opts, connections: 50, amount: requests });
  const after = await heapAfterGc(server);
  return `${name.padEnd(60)} ${((after - before) / requests / 1024).toFixed(1).padStart(6)} kB kept per request (heap after a full GC, ${requests} requests; ${(before / 2 ** 20).toFixed(0)} MB -> ${(after / 2 ** 20).toFixed(0)} MB)`;
}

/** `before`: the same ratios when issue 15 was filed (its table), shown beside today's. */
export type Figure = { name: string; connections: number; rps: number; p50: number; p99: number; failed: number; reference?: Figure; before?: string };

export async function load(name: string, connections: number, opts: Target, reference?: Figure): Promise<Figure> {
  // One run at the measured concurrency; only requests that start after the warm-up count, so JIT,
  // pools and the first wave are not part of the figures. A set of new connections arriving together
  // waits up to ~2.5 s at first on any route, /login too: that is how the run starts, not the route.
  const latencies: number[] = [];
  let failed = 0;
  const counted = performance.now() + WARMUP * 1000;
  await new Promise<void>((resolve, reject) => {
    const run = autocannon({ ...opts, connections, duration: WARMUP + DURATION }, (error) => (error ? reject(error) : resolve()));
    run.on("response", (_client, status, _bytes, ms) => {
      if (performance.now() - ms < counted) return;
      latencies.push(ms);
      if (status < 200 || status > 299) failed++;
    });
    run.on("reqError", () => performance.now() >= counted && failed++);
  });
  return { ...figureOf(name, connections, latencies, DURATION, failed), reference };
}

/** A figure from the latencies (ms) of the requests completed in `seconds`. */
export function figureOf(name: string, connections: number, latencies: number[], seconds: number, failed = 0): Figure {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN).toFixed(2));
  return { name, connections, rps: sorted.length / seconds, p50: at(0.5), p99: at(0.99), failed };
}

/**
 * Every scenario's pages under load, round after round, before any figure is taken: the server's JIT
 * keeps speeding pages up for a minute and a half of load (/login 8.6 → 6.1 → 4.7 ms of CPU per
 * request in three runs of 12 s), and one round of 5 s left the first page measured paying for it.
 */
export async function warmUp(scenarios: Target[], connections: number, rounds = 4) {
  for (let round = 0; round < rounds; round++) for (const opts of scenarios) await autocannon({ ...opts, connections, duration: WARMUP });
}

/**
 * Measures a reference before and after the figures it stands beside, and holds them to the faster of
 * the two: a reference taken while the server was still warming up would flatter them.
 */
export async function againstReference(reference: () => Promise<Figure>, measure: () => Promise<Figure[]>): Promise<Figure[]> {
  const before = await reference();
  const figures = await measure();
  const after = await reference();
  const ref = after.rps > before.rps ? after : before;
  return [{ ...before, name: `${before.name} (before)` }, { ...after, name: `${after.name} (after)` }, ...figures.map((f) => ({ ...f, reference: f.reference ?? ref }))];
}

/**
 * The reference measured between the scenarios (R A R B R C R), each scenario held to the mean of the
 * two references beside it: a page measured a minute after its reference met a different machine
 * (one run's /login went from 251 to 190 req/s between the first and the last figure).
 */
export async function bracketed(reference: () => Promise<Figure>, scenarios: (() => Promise<Figure>)[]): Promise<Figure[]> {
  const refs = [await reference()];
  const figures: Figure[] = [];
  for (const scenario of scenarios) {
    figures.push(await scenario());
    refs.push(await reference());
  }
  const mean = (x: Figure, y: Figure): Figure => ({ ...x, rps: (x.rps + y.rps) / 2, p50: (x.p50 + y.p50) / 2, p99: (x.p99 + y.p99) / 2, failed: x.failed + y.failed });
  return [
    ...refs.map((r, i) => ({ ...r, name: `${r.name} (${i + 1} of ${refs.length})` })),
    ...figures.map((f, i) => ({ ...f, reference: mean(refs[i]!, refs[i + 1]!) })),
  ];
}

/**
 * Two scenarios measured as A B B A and each averaged: whatever drifts during a run (the audit table
 * growing, autovacuum, the JIT) then weighs on both alike, so their comparison is fair.
 */
export async function abba(a: () => Promise<Figure>, b: () => Promise<Figure>): Promise<[Figure, Figure]> {
  const a1 = await a();
  const b1 = await b();
  const b2 = await b();
  const a2 = await a();
  const mean = (x: Figure, y: Figure): Figure => ({ ...x, name: `${x.name} (mean of 2)`, rps: (x.rps + y.rps) / 2, p50: (x.p50 + y.p50) / 2, p99: (x.p99 + y.p99) / 2, failed: x.failed + y.failed });
  return [mean(a1, a2), mean(b1, b2)];
}

/** Each figure with its throughput and p99 as a share of its reference's, measured in the same run. */
export function printTable(figures: Figure[]) {
  const cols = ["what".padEnd(60), "conns".padStart(5), "req/s".padStart(8), "p50 ms".padStart(7), "p99 ms".padStart(7), "failed".padStart(7), "req/s vs ref".padStart(13), "p99 vs ref".padStart(11), "  before (issue 15)"];
  console.log(`\n${cols.join(" ")}`);
  for (const f of figures) {
    const ratio = f.reference ? `${((100 * f.rps) / f.reference.rps).toFixed(0)}%` : "";
    const p99 = f.reference ? `${(f.p99 / Math.max(1, f.reference.p99)).toFixed(1)}x` : "";
    console.log(
      [f.name.padEnd(60), String(f.connections).padStart(5), f.rps.toFixed(0).padStart(8), f.p50.toFixed(1).padStart(7), f.p99.toFixed(1).padStart(7), String(f.failed).padStart(7), ratio.padStart(13), p99.padStart(11), `  ${f.before ?? ""}`].join(" "),
    );
  }
}

/**
 * Lets this process import the portal's server modules: "server-only" throws outside React Server
 * Components by design; a bench runs the same code in plain Node. Call before those dynamic imports
 * (they also read the environment benchEnv set, so they load only after it).
 */
export function allowServerOnlyImports() {
  const require = createRequire(import.meta.url);
  const serverOnly = require.resolve("server-only");
  require.cache[serverOnly] = Object.assign(new Module(serverOnly), { loaded: true, exports: {} });
}
