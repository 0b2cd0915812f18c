// The scheduled purge really deletes what is past its retention, and nothing else.
import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { DEAD_LINK_DAYS, MAIL_RETENTION_DAYS, runPurge } from "@/lib/jobs/purge";
import { pseudonymOf } from "@/lib/privacy/erase";
import { addRecording, fileExists, rowsMentioning, seedPerson } from "@/test/privacy-fixture";

const dir = vi.hoisted(() => (process.env.RECORDINGS_DIR = `${process.env.TMPDIR ?? "/tmp"}/purge-test-${process.pid}`));

const url = process.env.DATABASE_URL!;
async function q<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

describe("scheduled purge", () => {
  beforeAll(() => applyMigrations(url));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("deletes ended meetings and audit entries past retention, keeps the rest", async () => {
    const now = new Date("2031-06-01T00:00:00Z");
    // Signed in "now", so the purge of people who stay away does not take them.
    const owner = (await q<{ id: string }>(`insert into "User" (id, subject, name, "lastSeenAt") values (gen_random_uuid(), $1, 'Purge Test', $2) returning id`, [`purge-${crypto.randomUUID()}`, now]))[0]!.id;
    const meeting = (endsDaysAgo: number) =>
      q<{ id: string }>(
        `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
         values (gen_random_uuid(), $1, 'p', $2::timestamp - interval '1 hour', $2::timestamp, 60, 'UTC', now()) returning id`,
        [owner, new Date(now.getTime() - endsDaysAgo * 86_400_000)],
      ).then((r) => r[0]!.id);
    const old = await meeting(91);
    const recent = await meeting(89);
    await q(`insert into "MeetingMember" ("meetingId", "userId", role) values ($1, $2, 'PARTICIPANT')`, [old, owner]);
    const outsider = `outsider-${crypto.randomUUID()}@example.net`;
    const invitation = (await q<{ id: string }>(`insert into "Invitation" (id, "meetingId", email) values (gen_random_uuid(), $1, $2) returning id`, [old, outsider]))[0]!.id;
    await q(`insert into "OutboxMessage" (id, "invitationId", "meetingId", kind, "to", subject, text, html) values (gen_random_uuid(), $1, $2, 'invite', $3, 's', 't', 'h')`, [invitation, old, outsider]);
    const entry = (daysAgo: number) =>
      q<{ id: string }>(`insert into "AuditEntry" (id, at, "actorName", action) values (gen_random_uuid(), $1, 'x', 'member.add') returning id`, [new Date(now.getTime() - daysAgo * 86_400_000)]).then((r) => r[0]!.id);
    const oldEntry = await entry(366);
    const recentEntry = await entry(364);

    const result = await runPurge(now);
    expect(result).not.toBe("busy");
    const ids = async (table: string, list: string[]) => (await q<{ id: string }>(`select id from "${table}" where id = any($1::uuid[])`, [list])).map((r) => r.id);
    expect(await ids("Meeting", [old, recent])).toEqual([recent]);
    expect(await q(`select 1 from "MeetingMember" where "meetingId" = $1`, [old])).toHaveLength(0);
    // Outside invitees' addresses go with their meeting: the invitation and its mail.
    expect(await rowsMentioning([outsider])).toEqual([]);
    expect(await ids("AuditEntry", [oldEntry, recentEntry])).toEqual([recentEntry]);
    const [logged] = await q<{ details: { meetings: number } }>(`select details from "AuditEntry" where action = 'purge.run' order by at desc limit 1`);
    expect(logged!.details.meetings).toBeGreaterThanOrEqual(1);
  });

  it("erases people who have not signed in for the site's time, their meetings with them", async () => {
    const now = new Date();
    const stale = await seedPerson({ lastSeenAt: new Date(now.getTime() - 731 * 86_400_000) });
    const result = await runPurge(now);
    expect(result).not.toBe("busy");
    expect(result !== "busy" && result.people).toBeGreaterThanOrEqual(1);
    expect(await rowsMentioning([stale.person.name, stale.person.email!, stale.person.subject])).toEqual([]);
    expect(await fileExists(stale.recording.storageKey)).toBe(false);
    // Those who signed in lately stay; the erasure is audited as the system's.
    expect(await rowsMentioning([stale.other.subject])).not.toEqual([]);
    const [logged] = await q<{ actorName: string }>(`select "actorName" from "AuditEntry" where action = 'user.erase' and details->>'person' = $1`, [pseudonymOf(stale.person.id)]);
    expect(logged).toEqual({ actorName: "system" });
  });

  it("removes a purged meeting's recording file in the same run, before its rows go", async () => {
    const now = new Date("2031-07-01T00:00:00Z");
    const owner = (await q<{ id: string }>(`insert into "User" (id, subject, name, "lastSeenAt") values (gen_random_uuid(), $1, 'Rec Owner', $2) returning id`, [`purge-${crypto.randomUUID()}`, now]))[0]!.id;
    const [ended] = await q<{ id: string }>(
      `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
       values (gen_random_uuid(), $1, 'p', $2::timestamp - interval '1 hour', $2::timestamp, 60, 'UTC', now()) returning id`,
      [owner, new Date(now.getTime() - 91 * 86_400_000)],
    );
    // Kept by its own expiry far longer than the meeting: only the meeting's purge takes it.
    const recording = await addRecording(ended!.id, { createdAt: new Date(now.getTime() - 86_400_000), expiresAt: new Date(now.getTime() + 365 * 86_400_000) });
    await runPurge(now);
    expect(await q(`select 1 from "Meeting" where id = $1`, [ended!.id])).toHaveLength(0);
    expect(await fileExists(recording.storageKey)).toBe(false);
  });

  it("removes sent and failed mail after the mail horizon, and dead links after their grace, keeps the rest", async () => {
    const now = new Date("2031-08-01T00:00:00Z");
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const owner = (await q<{ id: string }>(`insert into "User" (id, subject, name, "lastSeenAt") values (gen_random_uuid(), $1, 'Mail Owner', $2) returning id`, [`purge-${crypto.randomUUID()}`, now]))[0]!.id;
    // A meeting that stays (it ends later): what goes, goes by its own time.
    const [meeting] = await q<{ id: string }>(
      `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
       values (gen_random_uuid(), $1, 'p', $2, $2::timestamp + interval '1 hour', 60, 'UTC', now()) returning id`,
      [owner, new Date(now.getTime() + 86_400_000)],
    );
    const mail = (status: string, createdAt: Date, sentAt: Date | null, lastError: string | null) =>
      q<{ id: string }>(
        `insert into "OutboxMessage" (id, "meetingId", kind, "to", subject, text, html, status, "createdAt", "sentAt", "lastError")
         values (gen_random_uuid(), $1, 'invite', 'x@example.net', 's', 't', 'h', $2, $3, $4, $5) returning id`,
        [meeting!.id, status, createdAt, sentAt, lastError],
      ).then((r) => r[0]!.id);
    const oldSent = await mail("SENT", day(MAIL_RETENTION_DAYS + 2), day(MAIL_RETENTION_DAYS + 1), null);
    const recentSent = await mail("SENT", day(MAIL_RETENTION_DAYS + 2), day(MAIL_RETENTION_DAYS - 1), null);
    const oldFailed = await mail("PENDING", day(MAIL_RETENTION_DAYS + 1), null, "550 no such user");
    const recentFailed = await mail("PENDING", day(MAIL_RETENTION_DAYS - 1), null, "550 no such user");
    const link = (expiresAt: Date, revokedAt: Date | null) =>
      q<{ id: string }>(
        `insert into "InviteLink" (id, "meetingId", "tokenHash", salt, lobby, "expiresAt", "revokedAt", "createdById") values (gen_random_uuid(), $1, $2, 's', true, $3, $4, $5) returning id`,
        [meeting!.id, crypto.randomUUID(), expiresAt, revokedAt, owner],
      ).then((r) => r[0]!.id);
    const longExpired = await link(day(DEAD_LINK_DAYS + 1), null);
    const justExpired = await link(day(DEAD_LINK_DAYS - 1), null);
    const longRevoked = await link(new Date(now.getTime() + 86_400_000), day(DEAD_LINK_DAYS + 1));
    const justRevoked = await link(new Date(now.getTime() + 86_400_000), day(DEAD_LINK_DAYS - 1));
    const live = await link(new Date(now.getTime() + 86_400_000), null);
    // An invitation keeps its row when its personal link goes; it then points at none.
    const [invitation] = await q<{ id: string }>(`insert into "Invitation" (id, "meetingId", email, "linkId") values (gen_random_uuid(), $1, 'x@example.net', $2) returning id`, [meeting!.id, longExpired]);

    await runPurge(now);
    const ids = async (table: string, list: string[]) => (await q<{ id: string }>(`select id from "${table}" where id = any($1::uuid[])`, [list])).map((r) => r.id).sort();
    expect(await ids("OutboxMessage", [oldSent, recentSent, oldFailed, recentFailed])).toEqual([recentSent, recentFailed].sort());
    expect(await ids("InviteLink", [longExpired, justExpired, longRevoked, justRevoked, live])).toEqual([justExpired, justRevoked, live].sort());
    expect(await q(`select "linkId" from "Invitation" where id = $1`, [invitation!.id])).toEqual([{ linkId: null }]);
  });

  it("runs in one instance at a time: while another holds the lock, it stands aside", async () => {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("begin");
      await other.query("select pg_advisory_xact_lock(7311001)");
      expect(await runPurge()).toBe("busy");
      await other.query("commit");
      expect(await runPurge()).not.toBe("busy");
    } finally {
      await other.end();
    }
  });
});
