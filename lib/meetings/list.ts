// "My meetings": the ones a user organises, was added to, or that were shared with their groups.
//
// Read from MeetingListing, a row per way a person sees a meeting with the meeting's times beside the
// viewer (kept by triggers). For each of the person's viewer keys (themself, each group) one index
// range scan reads at most a page past the cursor, in the list's order; the keys' rows are united and
// cut to a page. So a deep page costs what the first does, and no plan scans the meeting table (an
// `OR … EXISTS … EXISTS` filter over it started Postgres's JIT compiler on every request). The count
// stops at COUNT_CAP: an exact 10,000 would read 10,000 rows on every page, and even a cap of 1,000
// was two thirds of the statement's time or more (bench/).
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { type SessionUser, has } from "@/lib/access/meetings";
import { currentOrNext } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { PREPARED_SQL } from "@/lib/db/adapter";
import { fromJsonTimestamp, fromJsonTimestampOrNull } from "@/lib/db/json-timestamp";
import { DURATION_MAX, type ListCursor, type ListQuery } from "@/lib/validation/meeting";

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

/** The count shown under the list stops here, ten pages ("more than 200 meetings"). */
export const COUNT_CAP = 200;

/**
 * A page of a person's list, for the signed-in user or (upcoming and past only) their id alone. The
 * statement reads the person's groups from their row itself, so the page can run it beside the session
 * read instead of after it (a second wait was ~0.6 ms of server time per page, bench/); "all" needs
 * the user's rights first.
 */
export async function listMeetings(who: SessionUser | string, query: ListQuery, now = new Date()) {
  if (query.tab === "all" && (typeof who === "string" || !has(who, "SEE_ALL_MEETINGS"))) return { rows: [], total: 0, previous: null, next: null };
  const { forward, cursor, statement } = listSql(typeof who === "string" ? who : who.id, query, now);
  const read = await db.$queryRaw<(Row & { total: number })[]>(statement);
  const total = read[0]?.total ?? 0;
  const rows = read.filter((r) => r.id !== null);
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  if (!forward) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => shown(r, now)),
    /** Exact up to COUNT_CAP; COUNT_CAP + 1 means "more than COUNT_CAP". */
    total,
    // Coming forward from a cursor there are rows before; reading back, there are when more were found.
    previous: first && (forward ? cursor !== null : more) ? cursorOf(first) : null,
    next: last && (forward ? more : true) ? cursorOf(last) : null,
  };
}

/**
 * A page's one statement: the count, and beside it the page's rows (none when the page is empty,
 * then one row of only the count). Its two parts are exported too, so tests and the bench can
 * EXPLAIN exactly what runs.
 */
export function listSql(userId: string, { tab, after, before }: ListQuery, now: Date) {
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
    from (${visibleIds(userId, tab, now, PAGE_SIZE + 1, { cursor, read })}) v join "Meeting" m on m.id = v.id join "User" o on o.id = m."ownerId"
    order by ${orderBy(read, "m.", "id")} limit ${PAGE_SIZE + 1}`;
  const count = Prisma.sql`select least(count(*), ${COUNT_CAP + 1})::int as total from (${visibleIds(userId, tab, now, COUNT_CAP + 1)}) v`;
  const statement = Prisma.sql`${PREPARED_SQL} select c.total, p.* from (${count}) c left join lateral (${rows}) p on true order by ${orderBy(read, "p.", "id")}`;
  return { forward, cursor, rows, count, statement };
}

type Order = { startsAsc: boolean; idAsc: boolean };

/**
 * The distinct ids (with their start) of the meetings the person sees in the tab, at least `limit` of
 * them when there are that many: each viewer key reads at most `limit` rows, past the cursor and in
 * the reading order when a page is read.
 */
function visibleIds(userId: string, tab: ListQuery["tab"], now: Date, limit: number, page?: { cursor: ListCursor | null; read: Order }) {
  const past = (t: string, id: string) => (page?.cursor ? beyond(page.cursor, page.read, t, id) : Prisma.sql`true`);
  // In index order even when only counting, so the distinct below streams instead of gathering the range.
  const tail = (t: string, id: string) => Prisma.sql`order by ${orderBy(page?.read ?? { startsAsc: true, idAsc: true }, t, id)} limit ${limit}`;
  if (tab === "all") return Prisma.sql`select m.id, m."startsAt" from "Meeting" m where ${past("m.", "id")} ${tail("m.", "id")}`;
  // A single meeting lasts at most DURATION_MAX, so an upcoming one (not ended) started no earlier
  // than that before now: a range on the start. Only a series can have started earlier and still run.
  const earliest = new Date(now.getTime() - DURATION_MAX * 60_000);
  const ranges =
    tab === "upcoming"
      ? [Prisma.sql`l."startsAt" >= ${earliest} and l."endsAt" >= ${now}`, Prisma.sql`l.series and l."endsAt" >= ${now} and l."startsAt" < ${earliest}`]
      : [Prisma.sql`l."startsAt" < ${now} and l."endsAt" < ${now}`];
  const scans = ranges.map(
    // Distinct: an organiser who is also a member has two rows, and `limit` counts meetings.
    (range) => Prisma.sql`(select distinct l."meetingId", l."startsAt" from "MeetingListing" l where l.viewer = k.viewer and ${range} and ${past("l.", `"meetingId"`)} ${tail("l.", `"meetingId"`)})`,
  );
  // The viewer keys: the person, and each of their groups as their row holds them now.
  return Prisma.sql`select distinct s."meetingId" as id, s."startsAt" from "User" u
    cross join lateral unnest(array['u:' || u.id::text] || array(select 'g:' || g from unnest(u.groups) g)) k(viewer)
    cross join lateral (${Prisma.join(scans, " union all ")}) s where u.id = ${userId}::uuid`;
}

function orderBy({ startsAsc, idAsc }: Order, table: string, id: string) {
  const dir = (asc: boolean) => (asc ? Prisma.sql`asc` : Prisma.sql`desc`);
  return Prisma.sql`${Prisma.raw(`${table}"startsAt"`)} ${dir(startsAsc)}, ${Prisma.raw(`${table}${id}`)} ${dir(idAsc)}`;
}

/** The rows that come after the cursor in the reading order; the bound on the start alone lets the index range scan begin there. */
function beyond(c: ListCursor, { startsAsc, idAsc }: Order, table: string, idColumn: string) {
  const start = Prisma.raw(`${table}"startsAt"`);
  const id = Prisma.raw(`${table}${idColumn}`);
  const [after, from] = startsAsc ? [Prisma.sql`${start} > ${c.startsAt}`, Prisma.sql`${start} >= ${c.startsAt}`] : [Prisma.sql`${start} < ${c.startsAt}`, Prisma.sql`${start} <= ${c.startsAt}`];
  const idPast = idAsc ? Prisma.sql`${id} > ${c.id}::uuid` : Prisma.sql`${id} < ${c.id}::uuid`;
  return Prisma.sql`${from} and (${after} or (${start} = ${c.startsAt} and ${idPast}))`;
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
