// The token routes' audit rows (auditBatched): many requests share one INSERT, and a row is stored
// before its caller goes on, so a process stopped at any moment (SIGTERM, or SIGKILL with no chance to
// flush anything) has lost no entry for a token it handed out. Runs against the local Postgres.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { auditBatched } from "@/lib/audit";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

it("writes the rows of concurrent callers in a few multi-row statements, every one of them", async () => {
  const meetingId = randomUUID();
  await Promise.all(Array.from({ length: 300 }, (_, n) => auditBatched(null, "token.issue", { meetingId, details: { n } })));
  // Rows inserted by one statement share its transaction id.
  const [row] = await db.$queryRaw<{ rows: number; statements: number }[]>`
    select count(*)::int as rows, count(distinct xmin::text)::int as statements from "AuditEntry" where "meetingId" = ${meetingId}::uuid`;
  expect(row!.rows).toBe(300);
  expect(row!.statements).toBeLessThanOrEqual(3);
});

it("stores each batched row as given: actor or none, meeting or none, nested details", async () => {
  const meetingId = randomUUID();
  const actor = await db.user.create({ data: { subject: `audit-${randomUUID()}`, name: "Ana Lyst" } });
  const details = { via: "link", moderator: false, nested: { list: [1, "two", null], quote: `it's "quoted"` } };
  await Promise.all([
    auditBatched(actor, "token.issue", { meetingId, details }),
    auditBatched(null, "purge.run", { details: { meetingId, removed: 0 } }),
  ]);
  const rows = await db.auditEntry.findMany({ where: { OR: [{ meetingId }, { details: { path: ["meetingId"], equals: meetingId } }] }, orderBy: { action: "desc" } });
  expect(rows.map(({ actorId, actorName, action, meetingId: m, details: d }) => ({ actorId, actorName, action, meetingId: m, details: d }))).toEqual([
    { actorId: actor.id, actorName: "Ana Lyst", action: "token.issue", meetingId, details },
    { actorId: null, actorName: "system", action: "purge.run", meetingId: null, details: { meetingId, removed: 0 } },
  ]);
  expect(rows.every((r) => r.id.length === 36 && r.at.getTime() > Date.now() - 60_000)).toBe(true);
});

it.each(["SIGTERM", "SIGKILL"] as const)("loses no acknowledged row when the process gets %s", async (signal) => {
  const meetingId = randomUUID();
  const child = spawn("node_modules/.bin/tsx", ["--tsconfig", "test/worker.tsconfig.json", "test/issue-audit-rows.ts", meetingId], {
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const acknowledged: number[] = [];
  let buffered = "";
  await new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split("\n");
      buffered = lines.pop()!;
      acknowledged.push(...lines.map(Number));
      // Killed mid-stream: writes are in flight at this moment.
      if (acknowledged.length >= 500 && child.exitCode === null && !child.killed) {
        // tsx runs the script in a node process of its own: the signal goes to the whole group.
        process.kill(-child.pid!, signal);
        resolve();
      }
    });
  });
  await new Promise((r) => child.once("close", r));
  const stored = await db.auditEntry.findMany({ where: { meetingId }, select: { details: true } });
  const ids = new Set(stored.map((r) => (r.details as { n: number }).n));
  expect(acknowledged.filter((n) => !ids.has(n))).toEqual([]);
  expect(acknowledged.length).toBeGreaterThanOrEqual(500);
});
