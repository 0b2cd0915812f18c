// Private calendar feeds: a URL with a long random secret (256 bits) that calendar programs poll.
// Only a SHA-256 of the secret is stored; revoking one makes its URL answer 404 at once.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { type IcsEvent, buildCalendar } from "@/lib/calendar/ics";
import { mailMeetings, meetingPageUrl } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { myMeetings } from "@/lib/meetings/list";

export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");
// Past meetings stay in the feed this long, so last week's entries do not vanish from calendars.
const PAST_DAYS = 30;

/** A new feed URL for the user; the secret is shown once and never stored. */
export async function createFeed(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.calendarFeed.create({ data: { userId, tokenHash: hash(token) } });
  return feedUrl(token);
}

export async function revokeFeeds(userId: string) {
  await db.calendarFeed.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function hasActiveFeed(userId: string) {
  return (await db.calendarFeed.count({ where: { userId, revokedAt: null } })) > 0;
}

/** The iCalendar text of a feed, or null for an unknown or revoked secret. */
export async function renderFeed(token: string, now = new Date()): Promise<string | null> {
  if (!FEED_TOKEN.test(token)) return null;
  const feed = await db.calendarFeed.findUnique({ where: { tokenHash: hash(token) }, select: { revokedAt: true, user: { select: { id: true, groups: true, suspendedAt: true } } } });
  if (!feed || feed.revokedAt || feed.user.suspendedAt) return null;
  // The same meetings as the person's "My meetings" list (groups as last seen at sign-in).
  const meetings = await mailMeetings({ cancelledAt: null, endsAt: { gt: new Date(now.getTime() - PAST_DAYS * 86_400_000) }, ...myMeetings(feed.user) }, { take: 500 });
  const events: IcsEvent[] = meetings.map((m) => ({ ...m, url: meetingPageUrl(m.id) }));
  return buildCalendar(null, events, now);
}

const feedUrl = (token: string) => new URL(`/api/calendar/${token}`, env.NEXTAUTH_URL).toString();
