// Email invitations: who is invited, their personal join link, and the mails every change queues.
// Colleagues (a portal account with that address, or an address of the organisation's mail domains)
// become participants, at once or at their first sign-in, and get the meeting page; everyone else
// gets a personal guest link (one use, lobby as the site asks).
import "server-only";
import type { SessionUser } from "@/lib/access/meetings";
import { has } from "@/lib/access/meetings";
import { type SeriesTiming, allOccurrences, describeRrule } from "@/lib/calendar/recurrence";
import { audit } from "@/lib/audit";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { sameText } from "@/lib/db/text-match";
import { type Tx, withinTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isOrganisationAddress } from "@/lib/invites/colleagues";
import { createInviteLink } from "@/lib/invites/links";
import { linkToken } from "@/lib/invites/link-token";
import type { MovedOccurrence } from "@/lib/calendar/ics";
import { type MailInvitee, type MailMeeting, composeMail } from "@/lib/mail/messages";
import { type MailKind, enqueueMail } from "@/lib/mail/outbox";
import { getSettings } from "@/lib/settings";
import type { Invitee, InviteesInput } from "@/lib/validation/calendar";

/**
 * Colleagues by address: their user id, or null for one of the organisation's mail domains who has
 * not signed in yet (a member from their first sign-in: lib/invites/colleagues.ts). Refuses
 * outsiders when the user may not create guest links.
 */
export async function sortInvitees(user: SessionUser, invitees: Invitee[]): Promise<Map<string, string | null>> {
  const [employees, { organisationDomains }] = await Promise.all([
    invitees.length ? db.user.findMany({ where: { OR: invitees.map((i) => ({ email: sameText(i.email) })), suspendedAt: null }, select: { id: true, email: true } }) : [],
    getSettings(),
  ]);
  const colleagueOf = new Map<string, string | null>(employees.map((e) => [e.email!.toLowerCase(), e.id]));
  for (const i of invitees) if (!colleagueOf.has(i.email) && isOrganisationAddress(i.email, organisationDomains)) colleagueOf.set(i.email, null);
  const outsiders = invitees.filter((i) => !colleagueOf.has(i.email));
  if (outsiders.length && !has(user, "CREATE_GUEST_LINKS")) throw new AppError(`You may not invite people from outside: ${outsiders.map((o) => o.email).join(", ")}`, 403, "forbidden", "invitees");
  return colleagueOf;
}

/**
 * Invites new addresses (already invited ones are skipped) and queues their mails: invitations,
 * links, places, mails and the audit entry in one transaction (the caller's, when it has one).
 */
export async function inviteByEmail(meeting: SeriesTiming & { id: string; ownerId: string; endsAt: Date; lobby: boolean }, user: SessionUser, input: InviteesInput, client?: Tx, now = new Date()) {
  if (meeting.endsAt <= now) throw new AppError("This meeting is over; there is nothing left to invite people to.", 409, "over", "invitees");
  return withinTransaction(client, async (tx) => {
    const total = await tx.invitation.count({ where: { meetingId: meeting.id } });
    // The addresses are claimed first: a parallel invitation of the same address waits on this
    // transaction, then finds it taken, so one row, one link and one mail come of both (issue 21).
    const claimed = await tx.invitation.createManyAndReturn({
      data: input.invitees.map((i) => ({ meetingId: meeting.id, email: i.email, name: i.name, timeZone: input.timeZone })),
      skipDuplicates: true,
      select: { id: true, email: true },
    });
    const idOf = new Map(claimed.map((c) => [c.email, c.id]));
    const fresh = input.invitees.filter((i) => idOf.has(i.email));
    // A meeting is not a mailing list: a cap keeps one account from mailing thousands through it.
    if (total + fresh.length > MAX_INVITATIONS_PER_MEETING) {
      throw new AppError(`A meeting can have at most ${MAX_INVITATIONS_PER_MEETING} invitations; this one has ${total}, so ${Math.max(0, MAX_INVITATIONS_PER_MEETING - total)} more at most`, 422, "invalid", "invitees");
    }
    const employeeOf = await sortInvitees(user, fresh);
    const settings = await getSettings();
    const lobby = meeting.lobby || settings.guestLobbyDefault || !has(user, "LINKS_WITHOUT_LOBBY");
    // One new browser per meeting: a personal link lets its guest in once, or once per meeting of a series.
    const maxUses = allOccurrences(meeting).length;
    const outsiders = fresh.filter((i) => !employeeOf.has(i.email));
    for (const invitee of outsiders) {
      const link = await createInviteLink(meeting, user, { label: EMAIL_LINK_LABEL, role: "GUEST", lobby, maxUses, expiresAt: null }, tx);
      await tx.invitation.update({ where: { id: idOf.get(invitee.email)! }, data: { linkId: link.id } });
    }
    // A colleague who never signed in (null) becomes a member at their first sign-in (lib/invites/colleagues.ts).
    const colleagues = [...employeeOf.values()].filter((id): id is string => id !== null && id !== meeting.ownerId);
    await tx.meetingMember.createMany({ data: colleagues.map((userId) => ({ meetingId: meeting.id, userId, role: "PARTICIPANT" as const })), skipDuplicates: true });
    await queueMails(meeting.id, "invite", { emails: fresh.map((i) => i.email) }, tx);
    // Counts only: the log keeps no guest's address.
    if (fresh.length) await audit(user, "invitation.send", { meetingId: meeting.id, details: { colleagues: fresh.length - outsiders.length, guests: outsiders.length } }, tx);
    return { invited: fresh.length, skipped: input.invitees.length - fresh.length };
  });
}

/**
 * Un-invites one person: their personal link is revoked at once, mail to them still queued is
 * dropped, and if anything had reached them a CANCEL takes the meeting off their calendar. A
 * colleague also loses the participant place (a moderator keeps theirs: that was given separately).
 */
export async function removeInvitation(meetingId: string, user: SessionUser, invitationId: string) {
  // One transaction: the invitation, its link, its place, the mail telling them and the audit entry.
  await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, meetingId }, select: { id: true, email: true, linkId: true, messages: { where: { status: "SENT" }, select: { id: true }, take: 1 } } });
    if (!invitation) throw new AppError("That person is not invited to this meeting.", 404, "not_found");
    const reached = invitation.messages.length > 0;
    const [invitee] = await listInvitees(meetingId, [invitation.email], tx);
    if (reached) await tx.meeting.update({ where: { id: meetingId }, data: { sequence: { increment: 1 } } });
    const [meeting, org] = await Promise.all([mailMeeting(meetingId, tx), getSettings().then((s) => s.organisationName)]);
    await tx.outboxMessage.deleteMany({ where: { invitationId: invitation.id, status: "PENDING" } });
    await tx.invitation.delete({ where: { id: invitation.id } });
    if (invitation.linkId) await tx.inviteLink.updateMany({ where: { id: invitation.linkId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.meetingMember.deleteMany({ where: { meetingId, role: "PARTICIPANT", user: { email: sameText(invitation.email) } } });
    if (reached && meeting && invitee) await tx.outboxMessage.create({ data: composeMail("uninvite", org, meeting, { ...invitee, id: null }) });
    await audit(user, "invitation.remove", { meetingId, details: { invitationId, wasSent: reached } }, tx);
  });
}

/**
 * After a change: SEQUENCE goes up first, then every invitee gets the update or cancellation, of
 * the whole meeting or of one occurrence of a series (as it stands after a move, before a cancellation).
 */
export async function notifyInvitees(meetingId: string, kind: "update" | "cancel", occurrence?: MovedOccurrence, client?: Tx) {
  await withinTransaction(client, async (tx) => {
    await tx.meeting.update({ where: { id: meetingId }, data: { sequence: { increment: 1 } } });
    await queueMails(meetingId, kind, { occurrence }, tx);
  });
}

/** Queues one mail per invitee (or the chosen ones) of a meeting; `client`: the transaction of the change. */
export async function queueMails(meetingId: string, kind: MailKind, opts: { emails?: string[]; occurrence?: MovedOccurrence } = {}, client: Tx = db) {
  const [meeting, invitees, org] = await Promise.all([mailMeeting(meetingId, client), listInvitees(meetingId, opts.emails, client), getSettings().then((s) => s.organisationName)]);
  if (!meeting) return;
  await enqueueMail(invitees.map((i) => composeMail(kind, org, meeting, i, opts.occurrence)), client);
}

export async function mailMeeting(meetingId: string, client: Tx = db): Promise<MailMeeting | null> {
  return (await mailMeetings({ id: meetingId }, {}, client))[0] ?? null;
}

/** Meetings as mails and feeds describe them, in one query (the feed asks for hundreds). */
export async function mailMeetings(where: Prisma.MeetingWhereInput, opts: { take?: number } = {}, client: Tx = db): Promise<MailMeeting[]> {
  const rows = await client.meeting.findMany({
    where,
    orderBy: { startsAt: "asc" },
    take: opts.take,
    select: { id: true, title: true, description: true, startsAt: true, durationMinutes: true, timeZone: true, rrule: true, sequence: true, recordingAllowed: true, attendance: true, owner: { select: { name: true, email: true } }, exceptions: { select: { occurrenceStart: true, cancelledAt: true, startsAt: true, durationMinutes: true } } },
  });
  return rows.map((m) => ({
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
    recordingAllowed: m.recordingAllowed,
    attendance: m.attendance,
    exdates: m.exceptions.filter((e) => e.cancelledAt).map((e) => e.occurrenceStart),
    moved: m.exceptions.flatMap((e) => (e.startsAt && !e.cancelledAt ? [{ originalStart: e.occurrenceStart, startsAt: e.startsAt, durationMinutes: e.durationMinutes ?? m.durationMinutes }] : [])),
    organizer: { name: m.owner.name, email: m.owner.email ?? mailFromAddress() },
  }));
}

export async function listInvitees(meetingId: string, emails?: string[], client: Tx = db): Promise<MailInvitee[]> {
  const rows = await client.invitation.findMany({ where: { meetingId, ...(emails ? { email: { in: emails } } : {}) }, orderBy: { createdAt: "asc" }, select: { id: true, email: true, name: true, timeZone: true, linkId: true } });
  const [links, colleagues] = await Promise.all([
    client.inviteLink.findMany({ where: { id: { in: rows.flatMap((r) => (r.linkId ? [r.linkId] : [])) } }, select: { id: true, salt: true } }),
    // A colleague's own browser zone, when the organiser named none for them.
    client.user.findMany({ where: { OR: rows.filter((r) => !r.linkId && !r.timeZone).map((r) => ({ email: sameText(r.email) })), timeZone: { not: null } }, select: { email: true, timeZone: true } }),
  ]);
  const saltOf = new Map(links.map((l) => [l.id, l.salt]));
  const zoneOf = new Map(colleagues.map((c) => [c.email!.toLowerCase(), c.timeZone]));
  return rows.map((r) => {
    const salt = r.linkId ? saltOf.get(r.linkId) : undefined;
    const joinUrl = r.linkId && salt ? new URL(`/join/${linkToken(env.ROOM_NAME_SECRET, r.linkId, salt)}`, env.NEXTAUTH_URL).toString() : meetingPageUrl(meetingId);
    return { id: r.id, email: r.email, name: r.name, timeZone: r.timeZone ?? zoneOf.get(r.email) ?? null, joinUrl, colleague: !r.linkId };
  });
}

const EMAIL_LINK_LABEL = "Email invitation";
export const MAX_INVITATIONS_PER_MEETING = 500;

export const meetingPageUrl = (meetingId: string) => new URL(`/meetings/${meetingId}`, env.NEXTAUTH_URL).toString();

/** Stable for the meeting's life, so calendar programs recognise every update and cancellation. */
export const meetingUid = (meetingId: string) => `${meetingId}@${new URL(env.NEXTAUTH_URL).hostname}`;

const mailFromAddress = () => /<([^>]+)>/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
