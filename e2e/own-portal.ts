// A Postgres and a portal server of a test's own, for tests that stop the database or run the portal
// with other settings. Postgres runs from the distribution's binaries in a temporary directory (as the
// `postgres` user when the tests run as root, since initdb refuses root).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../lib/db/migrations";
import { e2eEnv } from "./env";

const pgBin = () => path.join("/usr/lib/postgresql", readdirSync("/usr/lib/postgresql").sort().at(-1)!, "bin");

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export class OwnPostgres {
  readonly dir = mkdtempSync(path.join(tmpdir(), "portal-pg-"));
  constructor(readonly port: number) {}

  get url() {
    return `postgresql://postgres@127.0.0.1:${this.port}/portal`;
  }

  async init() {
    chmodSync(this.dir, 0o700);
    if (process.getuid?.() === 0) chownSync(this.dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
    this.run("initdb", ["-D", this.dir, "-A", "trust", "-U", "postgres", "--no-sync"]);
    this.start();
    const admin = new pg.Client({ connectionString: this.url.replace(/\/portal$/, "/postgres") });
    await admin.connect();
    await admin.query("create database portal");
    await admin.end();
    await applyMigrations(this.url);
  }

  start() {
    this.run("pg_ctl", ["-D", this.dir, "-l", path.join(this.dir, "log"), "-w", "-o", `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  }

  stop() {
    this.run("pg_ctl", ["-D", this.dir, "-m", "fast", "-w", "stop"]);
  }

  destroy() {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(bin: string, args: string[]) {
    const cmd = path.join(pgBin(), bin);
    if (process.getuid?.() === 0) execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", [cmd, ...args].map((a) => `'${a}'`).join(" ")], { stdio: "pipe" });
    else execFileSync(cmd, args, { stdio: "pipe" });
  }
}

/** The production build on a port of its own, with `overrides` over the e2e settings; its output is kept. */
export class OwnPortal {
  private child?: ChildProcess;
  output = "";
  constructor(readonly port: number, private readonly overrides: Record<string, string>) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    const env = { ...process.env, ...e2eEnv, PORT: String(this.port), NEXTAUTH_URL: this.url, PORTAL_URL: this.url, SMTP_URL: "", ...this.overrides };
    this.child = spawn("node", [".next/standalone/server.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) stream.on("data", (d: Buffer) => (this.output += d.toString()));
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${this.url}/api/live`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`own portal did not start:\n${this.output}`);
  }

  /** Kills the process at once (SIGKILL), as a crash or an OOM kill would: nothing in flight finishes. */
  async kill() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child!.once("exit", r));
    this.child.kill("SIGKILL");
    await exited;
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child!.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}
