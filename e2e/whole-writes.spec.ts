// A user action is one transaction (issue 21): a portal server killed while cancelling a meeting
// leaves nothing of the cancellation, and the retry does all of it. The test holds the meeting's row
// lock, so the cancellation waits inside its transaction; then it kills that server (SIGKILL) and
// lets go. (lib/calendar/cancel.test.ts does the same to a bare process.)
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { sql } from "./db";
import { e2eEnv, storageStateFor } from "./env";
import { OwnPortal, freePort } from "./own-portal";
import { actionId, callAction } from "./server-actions";

test.use({ storageState: storageStateFor("erin") });

test("a cancellation killed mid-way leaves nothing; the retry cancels, revokes, mails and audits once", async ({ page }) => {
  test.setTimeout(120_000);
  const meetingId = await erinsMeeting();
  const doomed = new OwnPortal(await freePort(), {});
  await doomed.start();
  const lock = new pg.Client({ connectionString: e2eEnv.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query("begin");
    await lock.query(`select id from "Meeting" where id = $1 for update`, [meetingId]);
    const cancel = actionId("lib/actions/meetings.ts", "cancelMeetingAction");
    // The session cookie is the same on the second server: same host, same secret.
    const pending = callAction(page.request, `${doomed.url}/meetings/${meetingId}`, cancel, [meetingId]).catch(() => null);
    // Quickly: Prisma gives up a transaction after 5 s, and then nothing would be left anyway.
    await expect.poll(waitingToUpdate, { timeout: 30_000, intervals: [50], message: "the cancellation waits on the meeting's row lock" }).toBeGreaterThan(0);
    await doomed.kill();
    await lock.query("rollback");
    await pending;
    // The killed server's session ends once Postgres finds its client gone: then nothing may be left of it.
    await expect.poll(openCancellations, { timeout: 30_000 }).toBe(0);
    expect(await state(meetingId)).toEqual({ cancelled: false, liveLinks: 1, cancelMails: 0, audits: 0 });

    const retry = await callAction(page.request, `/meetings/${meetingId}`, cancel, [meetingId]);
    expect(retry.status()).toBe(200);
    expect(await state(meetingId)).toEqual({ cancelled: true, liveLinks: 0, cancelMails: 1, audits: 1 });
    // Once more (a second click): done already, nothing sent twice.
    expect((await callAction(page.request, `/meetings/${meetingId}`, cancel, [meetingId])).status()).toBe(200);
    expect(await state(meetingId)).toEqual({ cancelled: true, liveLinks: 0, cancelMails: 1, audits: 1 });
  } finally {
    await lock.end();
    await doomed.kill();
  }
});

/** A meeting of erin's with one guest invited and one live link. */
async function erinsMeeting() {
  const [{ id }] = (await sql<{ id: string }>(
    `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
     select gen_random_uuid(), id, 'Whole cancel', now() + interval '2 days', now() + interval '2 days 1 hour', 60, 'UTC', now()
     from "User" where email = 'erin@example.test' returning id`,
  )) as [{ id: string }];
  await sql(`insert into "Invitation" (id, "meetingId", email, name) values ($1, $2, $3, 'Gus Guest')`, [randomUUID(), id, `whole-${randomUUID().slice(0, 8)}@example.net`]);
  await sql(
    `insert into "InviteLink" (id, "meetingId", "tokenHash", salt, lobby, "expiresAt", "createdById", label)
     select $1, $2, $3, $4, true, now() + interval '3 days', "ownerId", 'partners' from "Meeting" where id = $2`,
    [randomUUID(), id, randomBytes(32).toString("hex"), randomBytes(16).toString("hex")],
  );
  return id;
}

async function state(meetingId: string) {
  const [row] = await sql<{ cancelled: boolean; live_links: string; cancel_mails: string; audits: string }>(
    `select m."cancelledAt" is not null as cancelled,
       (select count(*) from "InviteLink" l where l."meetingId" = m.id and l."revokedAt" is null) as live_links,
       (select count(*) from "OutboxMessage" o where o."meetingId" = m.id and o.kind = 'cancel') as cancel_mails,
       (select count(*) from "AuditEntry" a where a."meetingId" = m.id and a.action = 'meeting.cancel') as audits
     from "Meeting" m where m.id = $1`,
    [meetingId],
  );
  return { cancelled: row!.cancelled, liveLinks: Number(row!.live_links), cancelMails: Number(row!.cancel_mails), audits: Number(row!.audits) };
}

// Asked on connections of their own: pg_stat_activity stays as first read within a transaction.

async function waitingToUpdate() {
  return Number((await sql<{ n: string }>(`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and query ilike '%update%"Meeting"%'`))[0]!.n);
}

async function openCancellations() {
  return Number((await sql<{ n: string }>(`select count(*) as n from pg_stat_activity where datname = current_database() and backend_xid is not null and query ilike '%"Meeting"%'`))[0]!.n);
}
