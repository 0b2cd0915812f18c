// Who is in a meeting's conference now: its connections without a "left" (lib/presence/events.ts).
import "server-only";
import type { MeetingGrant } from "@/lib/access/load-meeting";
import { type SessionUser, can, has } from "@/lib/access/meetings";
import { db } from "@/lib/db";
import { myMeetings } from "@/lib/meetings/list";

/** How many people are in each of these meetings now, among those the person sees; absent = nobody. */
export async function liveCounts(user: SessionUser, meetingIds: readonly string[]): Promise<Record<string, number>> {
  if (meetingIds.length === 0) return {};
  const rows = await db.conferenceSession.findMany({
    where: { leftAt: null, meetingId: { in: [...meetingIds] }, meeting: has(user, "SEE_ALL_MEETINGS") ? {} : myMeetings(user) },
    select: { id: true, meetingId: true, userId: true },
  });
  const people = new Map<string, Set<string>>();
  for (const r of rows) {
    const inMeeting = people.get(r.meetingId) ?? people.set(r.meetingId, new Set()).get(r.meetingId)!;
    inMeeting.add(r.userId ?? r.id);
  }
  return Object.fromEntries([...people].map(([id, set]) => [id, set.size]));
}

export type PersonIn = { key: string; name: string; guest: boolean };

/**
 * Everyone in now, by the portal's own records: a person by their name, a guest as the link they came
 * through. Two connections of one person (two tabs, a phone) count once.
 */
export async function whoIsIn(meetingId: string): Promise<PersonIn[]> {
  const rows = await db.conferenceSession.findMany({
    where: { meetingId, leftAt: null },
    select: { id: true, user: { select: { id: true, name: true } }, link: { select: { label: true } } },
    orderBy: { joinedAt: "asc" },
  });
  const people = new Map<string, PersonIn>();
  for (const r of rows) {
    if (r.user) people.set(r.user.id, { key: r.user.id, name: r.user.name, guest: false });
    else people.set(r.id, { key: r.id, name: `Guest via ${r.link?.label || "an invite link"}`, guest: true });
  }
  return [...people.values()];
}

export type MeetingPresence = { count: number; people: PersonIn[] | null };

/** The meeting page's view: everyone who may see it learns how many; organiser and moderators, who. */
export async function meetingPresence({ user, meeting }: MeetingGrant): Promise<MeetingPresence> {
  const people = await whoIsIn(meeting.id);
  return { count: people.length, people: can(user, meeting, "seeWhoIsIn") ? people : null };
}
