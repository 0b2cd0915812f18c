// The scheduled purge: ended meetings and audit entries past their retention really go, with what
// hangs off them (memberships, shares, links, invitations cascade; their mail and recording files are
// deleted here), old mail and dead links go after their own horizons, and people who have not signed
// in for the site's time are erased. One instance at a time (advisory lock).
import "server-only";
import { audit } from "@/lib/audit";
import { purgeSignInSessions } from "@/lib/auth/sign-in-sessions";
import { db } from "@/lib/db";
import { purgeConferenceSessions } from "@/lib/presence/attendance";
import { IDEMPOTENCY_KEY_TTL_MS } from "@/lib/db/idempotency";
import { eraseInactivePeople } from "@/lib/privacy/erase";
import { purgeRateLimits } from "@/lib/rate-limit";
import { purgeExpiredRecordings } from "@/lib/recordings/purge";
import { getSettings } from "@/lib/settings";
import { purgeWebhookDeliveries } from "@/lib/webhooks/deliver";

const DAY_MS = 86_400_000;
/** Sent mail, and mail that keeps failing, is kept this long (README "Data inventory"), then purged. */
export const MAIL_RETENTION_DAYS = 30;
/** Expired and revoked links are kept this long (their state still shows on the meeting page), then purged. */
export const DEAD_LINK_DAYS = 30;
// Any constant both instances agree on; names the lock in pg_locks.
const PURGE_LOCK = 7_311_001;

export type PurgeResult =
  | { meetings: number; auditEntries: number; mails: number; links: number; rateLimits: number; signIns: number; recordings: number; people: number; conferenceSessions: number; webhookDeliveries: number }
  | "busy";

/** `by`: the admin who asked for it now; null for the hourly run. */
export async function runPurge(now = new Date(), by: { id: string; name: string } | null = null): Promise<PurgeResult> {
  const settings = await getSettings();
  const meetingsEndedBefore = new Date(now.getTime() - settings.meetingRetentionDays * DAY_MS);
  const mailsBefore = new Date(now.getTime() - MAIL_RETENTION_DAYS * DAY_MS);
  const linksDeadBefore = new Date(now.getTime() - DEAD_LINK_DAYS * DAY_MS);
  // Recordings first, those of the meetings purged below included: their files go with their rows
  // (a meeting's cascade would drop only the rows).
  const recordings = (await purgeExpiredRecordings(now, (e) => audit(null, e.action, e), meetingsEndedBefore)).recordings;
  return db.$transaction(async (tx) => {
    const lock = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${PURGE_LOCK}) as locked`;
    if (!lock[0]?.locked) return "busy" as const;
    const meetings = await tx.meeting.deleteMany({ where: { endsAt: { lt: meetingsEndedBefore } } });
    // Mail rows point at their meeting without a foreign key: outside invitees' addresses go with it
    // here; and mail sent, or failing, for longer than the horizon (what is still being retried stays until then).
    const mails = await tx.$executeRaw`
      delete from "OutboxMessage" o
      where (o."meetingId" is not null and not exists (select 1 from "Meeting" m where m.id = o."meetingId"))
         or (o.status = 'SENT' and o."sentAt" < ${mailsBefore})
         or (o.status = 'PENDING' and o."lastError" is not null and o."createdAt" < ${mailsBefore})`;
    // Invitations point at their personal link without a foreign key: they fall back to the meeting page.
    const [links] = await tx.$queryRaw<{ count: number }[]>`
      with dead as (delete from "InviteLink" where "expiresAt" < ${linksDeadBefore} or "revokedAt" < ${linksDeadBefore} returning id),
           unlinked as (update "Invitation" set "linkId" = null where "linkId" in (select id from dead))
      select count(*)::int as count from dead`;
    const auditEntries = await tx.auditEntry.deleteMany({ where: { at: { lt: new Date(now.getTime() - settings.auditRetentionDays * DAY_MS) } } });
    // A form replayed after this long is a new submission anyway.
    await tx.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS) } } });
    return { meetings: meetings.count, auditEntries: auditEntries.count, mails, links: links!.count };
  }).then(async (result) => {
    if (result === "busy") return result;
    const rateLimits = (await purgeRateLimits(new Date(now.getTime() - DAY_MS))).count;
    // Their cookies have run out: the ID tokens (every group of the person) go too.
    const signIns = await purgeSignInSessions(now);
    const people = await eraseInactivePeople(new Date(now.getTime() - settings.personRetentionDays * DAY_MS));
    const conferenceSessions = await purgeConferenceSessions(now, settings);
    const webhookDeliveries = (await purgeWebhookDeliveries(now)).count;
    const done = { ...result, rateLimits, signIns, recordings, people, conferenceSessions, webhookDeliveries };
    await audit(by, "purge.run", { details: done });
    return done;
  });
}

/** The latest run, scheduled or asked for, as the admin area shows it. */
export function lastPurge() {
  return db.auditEntry.findFirst({ where: { action: "purge.run" }, orderBy: { at: "desc" }, select: { at: true, actorName: true, actorId: true, details: true } });
}
