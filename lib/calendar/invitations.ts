// Email invitations: who is invited, their personal join link, and the mails every change queues.
// Employees (a portal account with that address) become participants and get the meeting page;
// everyone else gets a personal guest link (one use, lobby as the site asks).
import "server-only";
import type { SessionUser } from "@/lib/access/meetings";
import { has } from "@/lib/access/meetings";
import { describeRrule } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createInviteLink } from "@/lib/invites/links";
import { linkToken } from "@/lib/invites/link-token";
import { type MailInvitee, type MailMeeting, composeMail } from "@/lib/mail/messages";
import { type MailKind, enqueueMail } from "@/lib/mail/outbox";
import { getSettings } from "@/lib/settings";
import type { InviteesInput } from "@/lib/validation/calendar";

/** Invites new addresses (already invited ones are skipped) and queues their mails. */
export async function inviteByEmail(meeting: { id: string; ownerId: string; endsAt: Date; lobby: boolean }, user: SessionUser, input: InviteesInput) {
  const existing = new Set((await db.invitation.findMany({ where: { meetingId: meeting.id, email: { in: input.invitees.map((i) => i.email) } }, select: { email: true } })).map((i) => i.email));
  const fresh = input.invitees.filter((i) => !existing.has(i.email));
  const employees = await db.user.findMany({ where: { OR: fresh.map((i) => ({ email: { equals: i.email, mode: "insensitive" as const } })), suspendedAt: null }, select: { id: true, email: true } });
  const employeeOf = new Map(employees.map((e) => [e.email!.toLowerCase(), e.id]));
  const outsiders = fresh.filter((i) => !employeeOf.has(i.email));
  if (outsiders.length && !has(user, "CREATE_GUEST_LINKS")) throw new AppError(`You may not invite people from outside: ${outsiders.map((o) => o.email).join(", ")}`, 403);
  const settings = await getSettings();
  const lobby = meeting.lobby || settings.guestLobbyDefault || !has(user, "LINKS_WITHOUT_LOBBY");
  const rows = [];
  for (const invitee of fresh) {
    const employeeId = employeeOf.get(invitee.email);
    const link = employeeId ? null : await createInviteLink(meeting, user, { label: `Email invitation`, role: "GUEST", lobby, maxUses: 1, expiresAt: null });
    rows.push({ meetingId: meeting.id, email: invitee.email, name: invitee.name, timeZone: input.timeZone, linkId: link?.id ?? null });
  }
  await db.$transaction([
    ...[...employeeOf.values()].filter((id) => id !== meeting.ownerId).map((userId) =>
      db.meetingMember.upsert({ where: { meetingId_userId: { meetingId: meeting.id, userId } }, create: { meetingId: meeting.id, userId, role: "PARTICIPANT" }, update: {} }),
    ),
    db.invitation.createMany({ data: rows, skipDuplicates: true }),
  ]);
  await queueMails(meeting.id, "invite", { emails: fresh.map((i) => i.email) });
  return { invited: fresh.length, skipped: input.invitees.length - fresh.length };
}

/** After a change: SEQUENCE goes up first, then every invitee gets the update or cancellation. */
export async function notifyInvitees(meetingId: string, kind: "update" | "cancel", occurrence?: Date) {
  await db.meeting.update({ where: { id: meetingId }, data: { sequence: { increment: 1 } } });
  await queueMails(meetingId, kind, { occurrence });
}

/** Queues one mail per invitee (or the chosen ones) of a meeting. */
export async function queueMails(meetingId: string, kind: MailKind, opts: { emails?: string[]; occurrence?: Date } = {}) {
  const [meeting, invitees, org] = await Promise.all([mailMeeting(meetingId), listInvitees(meetingId, opts.emails), getSettings().then((s) => s.organisationName)]);
  if (!meeting) return;
  await enqueueMail(invitees.map((i) => composeMail(kind, org, meeting, i, opts.occurrence)));
}

export async function mailMeeting(meetingId: string): Promise<MailMeeting | null> {
  const m = await db.meeting.findUnique({
    where: { id: meetingId },
    select: { id: true, title: true, description: true, startsAt: true, durationMinutes: true, timeZone: true, rrule: true, sequence: true, owner: { select: { name: true, email: true } }, exceptions: { select: { occurrenceStart: true } } },
  });
  if (!m) return null;
  return {
    id: m.id,
    uid: meetingUid(m.id),
    sequence: m.sequence,
    title: m.title,
    description: m.description,
    startsAt: m.startsAt,
    durationMinutes: m.durationMinutes,
    timeZone: m.timeZone,
    rrule: m.rrule,
    seriesText: m.rrule ? describeRrule(m.rrule) : null,
    exdates: m.exceptions.map((e) => e.occurrenceStart),
    organizer: { name: m.owner.name, email: m.owner.email ?? mailFromAddress() },
  };
}

export async function listInvitees(meetingId: string, emails?: string[]): Promise<MailInvitee[]> {
  const rows = await db.invitation.findMany({ where: { meetingId, ...(emails ? { email: { in: emails } } : {}) }, orderBy: { createdAt: "asc" }, select: { id: true, email: true, name: true, timeZone: true, linkId: true } });
  const links = await db.inviteLink.findMany({ where: { id: { in: rows.flatMap((r) => (r.linkId ? [r.linkId] : [])) } }, select: { id: true, salt: true } });
  const saltOf = new Map(links.map((l) => [l.id, l.salt]));
  return rows.map((r) => {
    const salt = r.linkId ? saltOf.get(r.linkId) : undefined;
    const joinUrl = r.linkId && salt ? new URL(`/join/${linkToken(env.ROOM_NAME_SECRET, r.linkId, salt)}`, env.NEXTAUTH_URL).toString() : meetingPageUrl(meetingId);
    return { id: r.id, email: r.email, name: r.name, timeZone: r.timeZone, joinUrl };
  });
}

export const meetingPageUrl = (meetingId: string) => new URL(`/meetings/${meetingId}`, env.NEXTAUTH_URL).toString();

/** Stable for the meeting's life, so calendar programs recognise every update and cancellation. */
export const meetingUid = (meetingId: string) => `${meetingId}@${new URL(env.NEXTAUTH_URL).hostname}`;

const mailFromAddress = () => /<([^>]+)>/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
