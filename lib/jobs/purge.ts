// The scheduled purge: ended meetings and audit entries past their retention really go, with what
// hangs off them (memberships, shares, links, invitations cascade; their mail is deleted here), and
// people who have not signed in for the site's time are erased. One instance at a time (advisory lock).
import "server-only";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { IDEMPOTENCY_KEY_TTL_MS } from "@/lib/db/idempotency";
import { eraseInactivePeople } from "@/lib/privacy/erase";
import { purgeRateLimits } from "@/lib/rate-limit";
import { purgeExpiredRecordings } from "@/lib/recordings/purge";
import { getSettings } from "@/lib/settings";

const DAY_MS = 86_400_000;
// Any constant both instances agree on; names the lock in pg_locks.
const PURGE_LOCK = 7_311_001;

export type PurgeResult = { meetings: number; auditEntries: number; rateLimits: number; recordings: number; people: number } | "busy";

export async function runPurge(now = new Date()): Promise<PurgeResult> {
  const settings = await getSettings();
  // Recordings first: their files go with their rows (a meeting's cascade would drop only the rows).
  const recordings = (await purgeExpiredRecordings(now, (e) => audit(null, e.action, e))).recordings;
  return db.$transaction(async (tx) => {
    const lock = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${PURGE_LOCK}) as locked`;
    if (!lock[0]?.locked) return "busy" as const;
    const meetings = await tx.meeting.deleteMany({ where: { endsAt: { lt: new Date(now.getTime() - settings.meetingRetentionDays * DAY_MS) } } });
    // Mail rows point at their meeting without a foreign key: outside invitees' addresses go with it here.
    await tx.$executeRaw`delete from "OutboxMessage" o where o."meetingId" is not null and not exists (select 1 from "Meeting" m where m.id = o."meetingId")`;
    const auditEntries = await tx.auditEntry.deleteMany({ where: { at: { lt: new Date(now.getTime() - settings.auditRetentionDays * DAY_MS) } } });
    // A form replayed after this long is a new submission anyway.
    await tx.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS) } } });
    return { meetings: meetings.count, auditEntries: auditEntries.count };
  }).then(async (result) => {
    if (result === "busy") return result;
    const rateLimits = (await purgeRateLimits(new Date(now.getTime() - DAY_MS))).count;
    const people = await eraseInactivePeople(new Date(now.getTime() - settings.personRetentionDays * DAY_MS));
    const done = { ...result, rateLimits, recordings, people };
    await audit(null, "purge.run", { details: done });
    return done;
  });
}
