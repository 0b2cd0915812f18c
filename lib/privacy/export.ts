// Everything the portal holds about one person, as they may download it (README "Privacy" → "Export").
// Other people appear only as counts: invitees' addresses, members and guests are never listed.
import "server-only";
import { db } from "@/lib/db";
import { sameText, containsText } from "@/lib/db/text-match";

export const EXPORT_VERSION = 1;

export async function exportPersonalData(userId: string, now = new Date()) {
  const profile = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, subject: true, name: true, email: true, roles: true, groups: true, lastSeenAt: true, createdAt: true, suspendedAt: true, timeZone: true },
  });
  const [organised, memberships, received, links, feeds, auditEntries, mails, attendance] = await Promise.all([
    db.meeting.findMany({
      where: { ownerId: userId },
      orderBy: { startsAt: "asc" },
      omit: { ownerId: true, roomHash: true, updatedById: true }, // another person's id is not theirs to export
      include: {
        _count: { select: { members: true, invitations: true, inviteLinks: true } },
        groupShares: { select: { group: true, role: true } },
        recordings: { select: recordingSelect },
      },
    }),
    db.meetingMember.findMany({
      where: { userId },
      orderBy: { addedAt: "asc" },
      select: { role: true, addedAt: true, meeting: { select: { id: true, title: true, startsAt: true, endsAt: true, rrule: true, cancelledAt: true, recordings: { select: recordingSelect } } } },
    }),
    profile.email
      ? db.invitation.findMany({ where: { email: sameText(profile.email) }, select: { meetingId: true, email: true, name: true, timeZone: true, createdAt: true, meeting: { select: { title: true, startsAt: true } } } })
      : [],
    db.inviteLink.findMany({ where: { createdById: userId }, omit: { tokenHash: true, salt: true, createdById: true } }),
    db.calendarFeed.findMany({ where: { userId }, select: { id: true, createdAt: true, revokedAt: true } }),
    db.auditEntry.findMany({ where: { actorId: userId }, orderBy: { at: "asc" }, select: { at: true, action: true, meetingId: true, details: true } }),
    profile.email
      ? db.outboxMessage.findMany({ where: { to: containsText(profile.email) }, select: { kind: true, subject: true, status: true, createdAt: true, sentAt: true, meetingId: true } })
      : [],
    db.conferenceSession.findMany({ where: { userId }, orderBy: { joinedAt: "asc" }, select: { meetingId: true, joinedAt: true, leftAt: true } }),
  ]);
  return {
    format: "meeting-portal personal data export",
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    profile,
    meetingsOrganised: organised.map(({ _count, recordings, ...m }) => ({
      ...m,
      // Other people's data is counted, not listed.
      counts: { members: _count.members, invitations: _count.invitations, inviteLinks: _count.inviteLinks },
      recordings: recordings.map(recordingView),
    })),
    meetingsJoined: memberships.map(({ meeting: { recordings, ...meeting }, ...m }) => ({ ...m, meeting, recordings: recordings.map(recordingView) })),
    invitationsSent: organised.map((m) => ({ meetingId: m.id, invitations: m._count.invitations })).filter((i) => i.invitations > 0),
    invitationsReceived: received,
    linksCreated: links,
    calendarFeeds: feeds,
    auditEntries: auditEntries.map((e) => ({ ...e, details: withoutOthers(e.details, userId) })),
    mailToYou: mails,
    // Your time in conferences: who is in now, and attendance where organisers keep it.
    conferenceAttendance: attendance,
  };
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;

const recordingSelect = { id: true, createdAt: true, expiresAt: true, durationSeconds: true, plainSize: true } as const;

function recordingView({ plainSize, ...r }: { id: string; createdAt: Date; expiresAt: Date; durationSeconds: number | null; plainSize: bigint }) {
  return { ...r, bytes: Number(plainSize) };
}

/** An entry about someone else (a member added, a user suspended) keeps what happened, not whom. */
function withoutOthers(details: unknown, userId: string) {
  if (!details || typeof details !== "object" || Array.isArray(details)) return details;
  const d = details as Record<string, unknown>;
  return typeof d.userId === "string" && d.userId !== userId ? { ...d, userId: "another person" } : d;
}
