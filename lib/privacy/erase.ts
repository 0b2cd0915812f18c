// Erasing a person, by an admin's decision or by the scheduled purge for someone long gone: their row
// and every personal field go; what others still need stays (handed-over meetings, a complete audit
// log under a pseudonym). README "Privacy" → "Erasure".
import "server-only";
import { createHmac } from "node:crypto";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { sameText } from "@/lib/db/text-match";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { removalSelect, removeRecording } from "@/lib/recordings/library";

/** What happens to the meetings they organised: deleted (recordings with them), or handed to someone. */
export type MeetingDisposition = { meetings: "delete" } | { meetings: "transfer"; to: string };
type Actor = { id: string; name: string } | null;

/**
 * The same person always gets the same pseudonym, so the audit log still reads as one actor; it is a
 * keyed hash of their id, so without ROOM_NAME_SECRET nobody can tell whom it stands for.
 */
export function pseudonymOf(userId: string): string {
  return `erased-${createHmac("sha256", env.ROOM_NAME_SECRET).update(`audit-pseudonym:v1:${userId}`).digest("hex").slice(0, 16)}`;
}

export async function eraseUser(actor: Actor, userId: string, disposition: MeetingDisposition) {
  const person = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } });
  if (!person) throw new AppError("No such person.", 404, "not_found");
  if (disposition.meetings === "transfer") await requireHeir(userId, disposition.to);
  // Recordings first, through the library, so their files go too (a cascade would drop only the rows).
  const doomed = disposition.meetings === "delete" ? await db.recording.findMany({ where: { meeting: { ownerId: userId } }, select: removalSelect }) : [];
  for (const row of doomed) await removeRecording(row, "recording.delete", (e) => audit(actor, e.action, e));

  const pseudonym = pseudonymOf(userId);
  // Terms that find mail naming them; an empty name would match every row.
  const terms = [person.email, person.name].filter((t): t is string => !!t && t.trim().length >= 3).map((t) => t.toLowerCase());
  const counts = await db.$transaction(async (tx) => {
    const meetings =
      disposition.meetings === "transfer"
        ? await tx.meeting.updateMany({ where: { ownerId: userId }, data: { ownerId: disposition.to } })
        : await tx.meeting.deleteMany({ where: { ownerId: userId } });
    // Links they made in meetings that stay would cascade away with their row: they pass to the meeting's owner.
    await tx.$executeRaw`update "InviteLink" l set "createdById" = m."ownerId" from "Meeting" m where l."meetingId" = m.id and l."createdById" = ${userId}::uuid`;
    const invitations = person.email ? await tx.invitation.findMany({ where: { email: sameText(person.email) }, select: { id: true, linkId: true } }) : [];
    await tx.inviteLink.deleteMany({ where: { id: { in: invitations.flatMap((i) => (i.linkId ? [i.linkId] : [])) } } });
    const toThem = await tx.outboxMessage.deleteMany({ where: { invitationId: { in: invitations.map((i) => i.id) } } });
    await tx.invitation.deleteMany({ where: { id: { in: invitations.map((i) => i.id) } } });
    // Any mail, queued or sent, to them or naming them (an invitation to their handed-over meeting names its organiser).
    const naming = terms.length ? await tx.$executeRaw`delete from "OutboxMessage" o where exists (select 1 from unnest(${terms}::text[]) t where position(t in lower(o::text)) > 0)` : 0;
    const auditEntries = await tx.$executeRaw`update "AuditEntry" set "actorId" = null, "actorName" = ${pseudonym} where "actorId" = ${userId}::uuid`;
    // Entries about them (suspended, added to a meeting) name them by id: the same pseudonym replaces it.
    await tx.$executeRaw`update "AuditEntry" set details = replace(details::text, ${userId}, ${pseudonym})::jsonb where strpos(details::text, ${userId}) > 0`;
    // Webhook deliveries naming them (a participant event, a meeting they organised), sent or not.
    await tx.$executeRaw`delete from "WebhookDelivery" where strpos(payload::text, ${userId}) > 0`;
    // Memberships, calendar feeds and their conference connections cascade with the row.
    await tx.user.delete({ where: { id: userId } });
    return { meetings: meetings.count, invitations: invitations.length, mails: toThem.count + naming, auditEntries };
  });
  const details = { person: pseudonym, ...counts, meetingsHandedTo: disposition.meetings === "transfer" ? disposition.to : null, recordings: doomed.length };
  await audit(actor, "user.erase", { details });
  return details;
}

/** People who have not signed in since `cutoff`, erased as an admin would with "delete their meetings". */
export async function eraseInactivePeople(cutoff: Date, limit = 100): Promise<number> {
  const people = await db.user.findMany({ where: { lastSeenAt: { lt: cutoff } }, select: { id: true }, orderBy: { lastSeenAt: "asc" }, take: limit });
  let erased = 0;
  for (const p of people) {
    // Another instance's purge, or an admin, may have erased them a moment ago.
    const done = await eraseUser(null, p.id, { meetings: "delete" }).catch((e: unknown) => (e instanceof AppError && e.status === 404 ? null : Promise.reject(e)));
    if (done) erased++;
  }
  return erased;
}

async function requireHeir(userId: string, heirId: string) {
  if (heirId === userId) throw new AppError("Hand the meetings to someone else.", 422, "invalid");
  const heir = await db.user.findUnique({ where: { id: heirId }, select: { id: true } });
  if (!heir) throw new AppError("The person to hand the meetings to does not exist.", 422, "invalid");
}
