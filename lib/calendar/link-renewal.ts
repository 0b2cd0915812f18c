// Personal guest links obey the site's longest link lifetime (INVITE_MAX_DAYS), but a series can run
// longer: shortly before a link runs out while its meetings go on, the guest is mailed a new one.
import "server-only";
import { audit } from "@/lib/audit";
import { queueMails } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { createInviteLink } from "@/lib/invites/links";
import { getSettings } from "@/lib/settings";

/** Each renewal claims the invitation's current link id, so racing workers renew it once. */
export async function renewInvitationLinks(now = new Date()): Promise<number> {
  const { inviteMaxDays } = await getSettings();
  const ahead = new Date(now.getTime() + Math.min(3, inviteMaxDays / 2) * 86_400_000);
  const due = await db.$queryRaw<{ invitationId: string; email: string; linkId: string }[]>`
    select i.id as "invitationId", i.email, l.id as "linkId"
    from "Invitation" i join "InviteLink" l on l.id = i."linkId" join "Meeting" m on m.id = i."meetingId"
    where l."revokedAt" is null and l."expiresAt" < ${ahead} and m."cancelledAt" is null and m."endsAt" > ${now} and m."endsAt" > l."expiresAt"`;
  let renewed = 0;
  for (const { invitationId, email, linkId } of due) {
    const old = await db.inviteLink.findUniqueOrThrow({ where: { id: linkId }, select: { label: true, role: true, lobby: true, maxUses: true, createdById: true, meeting: { select: { id: true, endsAt: true, startsAt: true, timeZone: true, rrule: true } } } });
    const claimed = await db.$transaction(async (tx) => {
      const link = await createInviteLink(old.meeting, { id: old.createdById }, { label: old.label, role: old.role, lobby: old.lobby, maxUses: old.maxUses, expiresAt: null }, tx, now);
      const { count } = await tx.invitation.updateMany({ where: { id: invitationId, linkId }, data: { linkId: link.id } });
      if (count !== 1) throw new LostRace();
      return link.id;
    }).catch((e: unknown) => (e instanceof LostRace ? null : Promise.reject(e)));
    if (!claimed) continue;
    // The old link keeps working until it expires, in case the new mail is slow to arrive.
    await db.meeting.update({ where: { id: old.meeting.id }, data: { sequence: { increment: 1 } } });
    await queueMails(old.meeting.id, "renew", { emails: [email] });
    await audit(null, "link.renew", { meetingId: old.meeting.id, details: { linkId: claimed, replaces: linkId } });
    renewed++;
  }
  return renewed;
}

class LostRace extends Error {}
