// "My meetings": the ones a user organises, was added to, or that were shared with their groups.
import "server-only";
import { type SessionUser, has } from "@/lib/access/meetings";
import { currentOrNext } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";

export const PAGE_SIZE = 20;

/** "My meetings" as a where clause: organised, added to, or shared with one of the person's groups. */
export const myMeetings = (user: { id: string; groups: string[] }) => ({
  OR: [{ ownerId: user.id }, { members: { some: { userId: user.id } } }, { groupShares: { some: { group: { in: user.groups } } } }],
});

export async function listMeetings(user: SessionUser, tab: "upcoming" | "past" | "all", page: number, now = new Date()) {
  // The access rule lives in the where clause, so no row the user may not see is ever read.
  const where =
    tab === "all"
      ? has(user, "SEE_ALL_MEETINGS") ? {} : { id: { in: [] } }
      : { ...myMeetings(user), endsAt: tab === "upcoming" ? { gte: now } : { lt: now } };
  const [rows, total] = await Promise.all([
    db.meeting.findMany({
      where,
      orderBy: tab === "upcoming" ? [{ startsAt: "asc" }, { id: "asc" }] : [{ startsAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        ...{ id: true, title: true, startsAt: true, endsAt: true, timeZone: true, cancelledAt: true, ownerId: true, owner: { select: { name: true } } },
        ...{ rrule: true, durationMinutes: true, exceptions: { select: { occurrenceStart: true, cancelledAt: true, startsAt: true, durationMinutes: true } } },
      },
    }),
    db.meeting.count({ where }),
  ]);
  // A series is listed at its meeting on now or next (its first one once it is over).
  const listed = rows.map(({ exceptions, ...m }) => {
    const next = m.rrule ? currentOrNext({ ...m, exceptions }, now) : null;
    return { ...m, series: !!m.rrule, shownStart: next?.startsAt ?? m.startsAt, shownEnd: next?.end ?? (m.rrule ? new Date(m.startsAt.getTime() + m.durationMinutes * 60_000) : m.endsAt) };
  });
  return { rows: listed, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
