// Invite links: created and revoked by the people who may invite, resolved from the token in a URL.
import "server-only";
import { randomUUID } from "node:crypto";
import { type LinkState, type SessionUser, linkState } from "@/lib/access/meetings";
import { END_OF_TIME, type SeriesTiming, occurrences } from "@/lib/calendar/recurrence";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { LINK_TOKEN, hashLinkToken, linkToken, newLinkSalt } from "@/lib/invites/link-token";
import { getSettings } from "@/lib/settings";
import type { LinkInput } from "@/lib/validation/invite";

const DAY_MS = 86_400_000;

export const INVALID_LINK = "This invitation link is not valid. Ask the person who invited you for a new one.";

/** What a new link of a meeting needs to know about it: its end, and when its (next) meeting begins. */
export type LinkMeeting = SeriesTiming & { id: string; endsAt: Date };
/** The latest expiry a new link may get, and which limit sets it (the form says so before creating). */
export type ExpiryCap = { at: Date; by: "meeting_end" | "site_max" };

/**
 * A link is worth nothing after the meeting's end plus the grace, and lives at most the site's
 * maximum: counted from when its meeting (a series' next one) begins, not from today, so a link to a
 * meeting two months away does not expire before it. A series longer than that has its personal
 * links renewed (lib/calendar/link-renewal.ts).
 */
export function linkExpiryCap(meeting: LinkMeeting, now: Date, maxDays: number): ExpiryCap {
  const next = occurrences(meeting, now, END_OF_TIME)[0] ?? now;
  const siteMax = new Date(Math.max(now.getTime(), next.getTime()) + maxDays * DAY_MS);
  const meetingEnd = new Date(meeting.endsAt.getTime() + env.INVITE_GRACE_MINUTES * 60_000);
  return meetingEnd <= siteMax ? { at: meetingEnd, by: "meeting_end" } : { at: siteMax, by: "site_max" };
}

/** The expiry a new link gets: as asked, or else the cap, and never past it. */
export function linkExpiry(requested: Date | null, cap: ExpiryCap, now: Date): Date {
  if (requested && requested <= now) throw new AppError("The expiry is in the past; choose a later time.", 422);
  return requested && requested < cap.at ? requested : cap.at;
}

/** The cap for a link created at `now`, under the site's current policy. */
export async function currentExpiryCap(meeting: LinkMeeting, now = new Date()): Promise<ExpiryCap> {
  return linkExpiryCap(meeting, now, (await getSettings()).inviteMaxDays);
}

/** A new link; `client` lets a caller create it inside its own transaction. */
export async function createInviteLink(meeting: LinkMeeting, creator: Pick<SessionUser, "id">, input: LinkInput, client: Prisma.TransactionClient = db, now = new Date()) {
  const id = randomUUID();
  const salt = newLinkSalt();
  const token = linkToken(env.ROOM_NAME_SECRET, id, salt);
  await client.inviteLink.create({
    data: {
      id,
      salt,
      tokenHash: hashLinkToken(token),
      meetingId: meeting.id,
      createdById: creator.id,
      label: input.label,
      role: input.role,
      lobby: input.lobby,
      maxUses: input.maxUses,
      expiresAt: linkExpiry(input.expiresAt, await currentExpiryCap(meeting, now), now),
    },
  });
  return { id, token };
}

export async function listInviteLinks(meetingId: string) {
  const links = await db.inviteLink.findMany({
    where: { meetingId },
    orderBy: { createdAt: "desc" },
    select: { id: true, salt: true, label: true, role: true, lobby: true, expiresAt: true, maxUses: true, uses: true, revokedAt: true, createdAt: true, createdBy: { select: { name: true, suspendedAt: true } } },
  });
  // Email invitations' links all carry one label: name whom each one is for.
  const invitations = await db.invitation.findMany({ where: { meetingId, linkId: { in: links.map((l) => l.id) } }, select: { linkId: true, email: true, name: true } });
  const inviteeOf = new Map(invitations.map((i) => [i.linkId, i.name ? `${i.name} <${i.email}>` : i.email]));
  const now = new Date();
  return links.map(({ salt, ...link }) => ({
    ...link,
    invitee: inviteeOf.get(link.id) ?? null,
    path: `/join/${linkToken(env.ROOM_NAME_SECRET, link.id, salt)}`,
    state: linkState(link, { cancelledAt: null }, now, true),
  }));
}

/** A link's URL path, from its id (its token is derived, never stored). */
export async function inviteLinkPath(linkId: string): Promise<string> {
  const { salt } = await db.inviteLink.findUniqueOrThrow({ where: { id: linkId }, select: { salt: true } });
  return `/join/${linkToken(env.ROOM_NAME_SECRET, linkId, salt)}`;
}

export async function revokeInviteLink(meetingId: string, linkId: string, client: Prisma.TransactionClient = db) {
  await client.inviteLink.updateMany({ where: { id: linkId, meetingId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** The owner vouches for a link instead of its (suspended) creator: it works again, unchanged. */
export async function reissueInviteLink(meetingId: string, linkId: string, owner: Pick<SessionUser, "id">, client: Prisma.TransactionClient = db): Promise<boolean> {
  const { count } = await client.inviteLink.updateMany({ where: { id: linkId, meetingId, revokedAt: null }, data: { createdById: owner.id } });
  return count === 1;
}

const resolvedSelect = {
  id: true,
  role: true,
  lobby: true,
  expiresAt: true,
  revokedAt: true,
  maxUses: true,
  uses: true,
  createdBy: { select: { suspendedAt: true } },
  meeting: {
    select: { id: true, title: true, startsAt: true, endsAt: true, timeZone: true, lobby: true, e2ee: true, recordingAllowed: true, attendance: true, cancelledAt: true, ownerId: true, rrule: true, durationMinutes: true },
  },
} as const;

export type ResolvedLink = NonNullable<Awaited<ReturnType<typeof findLink>>>;

/** The link behind a URL token if it may still be used, or null: every refusal looks the same. */
export async function resolveLink(token: string, now = new Date()): Promise<{ link: ResolvedLink; state: LinkState } | null> {
  if (!LINK_TOKEN.test(token)) return null;
  const link = await findLink(token);
  if (!link) return null;
  return { link, state: linkState(link, link.meeting, now) };
}

/** Takes one use of the link for a new person; false when none is left (checked and counted atomically). */
export async function claimLinkUse(linkId: string): Promise<boolean> {
  const claimed = await db.$executeRaw`
    update "InviteLink" set uses = uses + 1
    where id = ${linkId}::uuid and "revokedAt" is null and "expiresAt" > now() and ("maxUses" is null or uses < "maxUses")
      and not exists (select 1 from "User" u where u.id = "InviteLink"."createdById" and u."suspendedAt" is not null)`;
  return claimed === 1;
}

/** The room's lobby must be on when the meeting or any of its live links asks for one. */
export async function lobbyWanted(meeting: { id: string; lobby: boolean }): Promise<boolean> {
  if (meeting.lobby) return true;
  const [row] = await db.$queryRaw<{ live: boolean }[]>`select ${liveLobbyLink(Prisma.sql`${meeting.id}::uuid`, new Date())} as live`;
  return row!.live;
}

/** Whether the meeting has a live link (neither revoked nor expired) that wants a lobby; also read inside the token route's statement. */
export function liveLobbyLink(meetingId: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`exists (select 1 from "InviteLink" l where l."meetingId" = ${meetingId} and l.lobby and l."revokedAt" is null and l."expiresAt" > ${now})`;
}

function findLink(token: string) {
  return db.inviteLink.findUnique({ where: { tokenHash: hashLinkToken(token) }, select: resolvedSelect });
}
