// Colleagues are members, not guests (issue 16). An invitation to an address of the organisation
// (a person the portal has seen, or one of the organisation's mail domains from site policy) gets
// no guest link; it stays a pending membership until its person signs in with that address
// (verified by the IdP: lib/auth/claims.ts keeps no unverified address) or, signed in, opens the
// meeting page or a link of the invitation.
import "server-only";
import { db } from "@/lib/db";
import { sameText } from "@/lib/db/text-match";

/** Whether the address belongs to one of the organisation's mail domains (exact, case-insensitive). */
export function isOrganisationAddress(email: string, domains: string[]): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((d) => d.toLowerCase() === domain);
}

/**
 * Makes the person a participant of every meeting (or just `meetingId`) whose invitation names their
 * address: not cancelled, not their own; a place they already hold stays as it is. Returns the
 * meetings they joined.
 */
export async function claimInvitations(user: { id: string; email: string | null }, meetingId?: string): Promise<string[]> {
  if (!user.email) return [];
  const invitations = await db.invitation.findMany({
    where: {
      email: sameText(user.email),
      ...(meetingId ? { meetingId } : {}),
      meeting: { cancelledAt: null, ownerId: { not: user.id }, members: { none: { userId: user.id } } },
    },
    select: { meetingId: true },
  });
  if (!invitations.length) return [];
  const { count } = await db.meetingMember.createMany({ data: invitations.map((i) => ({ meetingId: i.meetingId, userId: user.id, role: "PARTICIPANT" as const })), skipDuplicates: true });
  return count ? invitations.map((i) => i.meetingId) : [];
}
