// "My meetings": the ones a user organises, was added to, or that were shared with their groups.
//
// One query for the rows, one for the count, run together. The three ways a person sees a meeting are
// three index range scans (owner, membership, group share), each ordered and limited on its own and
// united (UNION drops a meeting seen two ways); pages are keyset pages (after or before a row), so a
// deep page reads no more than the first. An `OR … EXISTS … EXISTS` filter over the whole table made
// Postgres scan every meeting with two sub-plans, costly enough to start its JIT compiler per request.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { type SessionUser, has } from "@/lib/access/meetings";
import { currentOrNext } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { fromJsonTimestamp, fromJsonTimestampOrNull } from "@/lib/db/json-timestamp";
import type { ListCursor, ListQuery } from "@/lib/validation/meeting";

export const PAGE_SIZE = 20;

/** "My meetings" as a Prisma where clause, for readers that are not paged lists (the calendar feed). */
export const myMeetings = (user: { id: string; groups: string[] }) => ({
  OR: [{ ownerId: user.id }, { members: { some: { userId: user.id } } }, { groupShares: { some: { group: { in: user.groups } } } }],
});

type Row = {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  cancelledAt: Date | null;
  ownerId: string;
  ownerName: string;
  rrule: string | null;
  durationMinutes: number;
  exceptions: { occurrenceStart: string; cancelledAt: string | null; startsAt: string | null; durationMinutes: number | null }[] | null;
};

export async function listMeetings(user: SessionUser, query: ListQuery, now = new Date()) {
  if (query.tab === "all" && !has(user, "SEE_ALL_MEETINGS")) return { rows: [], total: 0, previous: null, next: null };
  const { forward, cursor, rows: rowsSql, count } = listSql(user, query, now);
  const [rows, counted] = await Promise.all([db.$queryRaw<Row[]>(rowsSql), db.$queryRaw<{ total: number }[]>(count)]);
  const total = counted[0]?.total ?? 0;
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  if (!forward) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => shown(r, now)),
    total,
    // Coming forward from a cursor there are rows before; reading back, there are when more were found.
    previous: first && (forward ? cursor !== null : more) ? cursorOf(first) : null,
    next: last && (forward ? more : true) ? cursorOf(last) : null,
  };
}

/** The two statements of a page (exported so the bench can EXPLAIN exactly what runs). */
export function listSql(user: SessionUser, { tab, after, before }: ListQuery, now: Date) {
  // The list's order: by start (soonest first for upcoming, latest first otherwise), then by id.
  // Going back reads the rows before `before` in the opposite order, then turns them round.
  const forward = !before;
  const cursor = before ?? after ?? null;
  const read: Order = { startsAsc: (tab === "upcoming") === forward, idAsc: forward };
  const rows = Prisma.sql`
    select m.id, m.title, m."startsAt", m."endsAt", m."timeZone", m."cancelledAt", m."ownerId", o.name as "ownerName",
           m.rrule, m."durationMinutes",
           case when m.rrule is null then null else (
             select json_agg(json_build_object('occurrenceStart', e."occurrenceStart", 'cancelledAt', e."cancelledAt",
                                               'startsAt', e."startsAt", 'durationMinutes', e."durationMinutes"))
             from "MeetingException" e where e."meetingId" = m.id) end as exceptions
    from (${visibleIds(user, tab, now, { cursor, read })}) v join "Meeting" m on m.id = v.id join "User" o on o.id = m."ownerId"
    order by ${orderBy(read)} limit ${PAGE_SIZE + 1}`;
  const count = Prisma.sql`select count(*)::int as total from (${visibleIds(user, tab, now)}) v`;
  return { forward, cursor, rows, count };
}

type Order = { startsAsc: boolean; idAsc: boolean };

/**
 * The ids of the meetings the person sees in the tab. With a page to read, each way of seeing a
 * meeting is cut to the rows past the cursor and to one page on its own, so every branch stays short.
 */
function visibleIds(user: SessionUser, tab: ListQuery["tab"], now: Date, page?: { cursor: ListCursor | null; read: Order }) {
  const when = tab === "upcoming" ? Prisma.sql`m."endsAt" >= ${now}` : tab === "past" ? Prisma.sql`m."endsAt" < ${now}` : Prisma.sql`true`;
  const past = page?.cursor ? beyond(page.cursor, page.read) : Prisma.sql`true`;
  const tail = page ? Prisma.sql`order by ${orderBy(page.read, "m.")} limit ${PAGE_SIZE + 1}` : Prisma.empty;
  const branch = (from: Prisma.Sql, where: Prisma.Sql) => Prisma.sql`(select m.id, m."startsAt" from ${from} where ${where} and ${when} and ${past} ${tail})`;
  if (tab === "all") return branch(Prisma.sql`"Meeting" m`, Prisma.sql`true`);
  const branches = [
    branch(Prisma.sql`"Meeting" m`, Prisma.sql`m."ownerId" = ${user.id}::uuid`),
    branch(Prisma.sql`"MeetingMember" mm join "Meeting" m on m.id = mm."meetingId"`, Prisma.sql`mm."userId" = ${user.id}::uuid`),
  ];
  if (user.groups.length > 0) {
    branches.push(branch(Prisma.sql`"MeetingGroupShare" g join "Meeting" m on m.id = g."meetingId"`, Prisma.sql`g."group" = any(${user.groups}::text[])`));
  }
  return Prisma.join(branches, " union ");
}

function orderBy({ startsAsc, idAsc }: Order, table = "") {
  const dir = (asc: boolean) => (asc ? Prisma.sql`asc` : Prisma.sql`desc`);
  return Prisma.sql`${Prisma.raw(`${table}"startsAt"`)} ${dir(startsAsc)}, ${Prisma.raw(`${table}id`)} ${dir(idAsc)}`;
}

/** The rows that come after the cursor in the reading order. */
function beyond(c: ListCursor, { startsAsc, idAsc }: Order) {
  const starts = startsAsc ? Prisma.sql`m."startsAt" > ${c.startsAt}` : Prisma.sql`m."startsAt" < ${c.startsAt}`;
  const id = idAsc ? Prisma.sql`m.id > ${c.id}::uuid` : Prisma.sql`m.id < ${c.id}::uuid`;
  return Prisma.sql`(${starts} or (m."startsAt" = ${c.startsAt} and ${id}))`;
}

const cursorOf = (r: Row) => `${r.startsAt.toISOString()}_${r.id}`;

// A series is listed at its meeting on now or next (its first one once it is over).
function shown({ exceptions, ownerName, ...m }: Row, now: Date) {
  const changes = (exceptions ?? []).map((e) => ({
    occurrenceStart: fromJsonTimestamp(e.occurrenceStart),
    cancelledAt: fromJsonTimestampOrNull(e.cancelledAt),
    startsAt: fromJsonTimestampOrNull(e.startsAt),
    durationMinutes: e.durationMinutes,
  }));
  const next = m.rrule ? currentOrNext({ ...m, exceptions: changes }, now) : null;
  return {
    ...m,
    owner: { name: ownerName },
    series: !!m.rrule,
    shownStart: next?.startsAt ?? m.startsAt,
    shownEnd: next?.end ?? (m.rrule ? new Date(m.startsAt.getTime() + m.durationMinutes * 60_000) : m.endsAt),
  };
}
