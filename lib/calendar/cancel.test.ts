// A cancellation is one transaction (issue 21). The test holds the meeting's row lock, so a
// cancellation running in a process of its own waits inside its transaction; the test kills that
// process (SIGKILL) and lets go: nothing of the cancellation may be left. The retry then does all of it, once.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelMeeting } from "@/lib/calendar/cancel";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));
afterAll(() => db.$disconnect());

describe("cancelling a meeting", () => {
  it("killed while it waits on a lock leaves nothing; the retry cancels, revokes, mails and audits, once", async () => {
    const { owner, meetingId } = await seed();
    const lock = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await lock.connect();
    let child: ChildProcess | undefined;
    try {
      await lock.query("begin");
      await lock.query(`select id from "Meeting" where id = $1 for update`, [meetingId]);
      // Node itself, not npx, so the kill reaches the process that holds the connection.
      child = spawn(process.execPath, ["--import", "tsx", "test/run-cancel.ts", meetingId, owner.id, owner.name], { env: { ...process.env, TSX_TSCONFIG_PATH: "test/worker.tsconfig.json" }, stdio: "ignore" });
      const exited = new Promise((r) => child!.once("exit", r));
      // Quickly: Prisma gives up a transaction after 5 s, and then nothing would be left anyway.
      await expect.poll(waitingToUpdate, { timeout: 120_000, interval: 50 }).toBeGreaterThan(0);
      child.kill("SIGKILL");
      await exited;
      await lock.query("rollback");
      // The killed process's session ends once Postgres finds its client gone.
      await expect.poll(openCancellations, { timeout: 30_000, interval: 100 }).toBe(0);
      expect(await state(meetingId)).toEqual({ cancelled: false, liveLinks: 1, cancelMails: 0, audits: 0 });

      expect(await cancelMeeting(owner, meetingId)).toBe(true);
      expect(await state(meetingId)).toEqual({ cancelled: true, liveLinks: 0, cancelMails: 1, audits: 1 });
      expect(await cancelMeeting(owner, meetingId)).toBe(false);
      expect(await state(meetingId)).toEqual({ cancelled: true, liveLinks: 0, cancelMails: 1, audits: 1 });
    } finally {
      if (child?.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await lock.end();
    }
  }, 240_000);
});

async function seed() {
  const tag = randomUUID().slice(0, 8);
  const owner = await db.user.create({ data: { subject: `cancel-${tag}`, name: "Olga Owner", email: `olga-${tag}@example.test` }, select: { id: true, name: true } });
  const startsAt = new Date(Date.now() + 2 * 86_400_000);
  const meeting = await db.meeting.create({ data: { ownerId: owner.id, title: `Whole cancel ${tag}`, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC" } });
  await db.invitation.create({ data: { meetingId: meeting.id, email: `guest-${tag}@example.net`, name: "Gus Guest" } });
  await db.inviteLink.create({ data: { meetingId: meeting.id, createdById: owner.id, tokenHash: randomBytes(32).toString("hex"), salt: randomBytes(16).toString("hex"), label: "partners", lobby: true, expiresAt: new Date(startsAt.getTime() + 86_400_000) } });
  return { owner, meetingId: meeting.id };
}

async function state(meetingId: string) {
  const [meeting, liveLinks, cancelMails, audits] = await Promise.all([
    db.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: { cancelledAt: true } }),
    db.inviteLink.count({ where: { meetingId, revokedAt: null } }),
    db.outboxMessage.count({ where: { meetingId, kind: "cancel" } }),
    db.auditEntry.count({ where: { meetingId, action: "meeting.cancel" } }),
  ]);
  return { cancelled: meeting.cancelledAt !== null, liveLinks, cancelMails, audits };
}

// Asked outside the lock's transaction: pg_stat_activity stays as first read within one.

/** Sessions waiting on a lock to change a meeting. */
async function waitingToUpdate() {
  const rows = await db.$queryRaw<{ n: bigint }[]>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and query ilike '%update%"Meeting"%'`;
  return Number(rows[0]!.n);
}

/** Sessions inside a transaction that changed a meeting: the killed process's, until Postgres ends it. */
async function openCancellations() {
  const rows = await db.$queryRaw<{ n: bigint }[]>`select count(*) as n from pg_stat_activity where datname = current_database() and backend_xid is not null and query ilike '%"Meeting"%'`;
  return Number(rows[0]!.n);
}
