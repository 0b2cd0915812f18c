// "My meetings" as keyset pages over a UNION shows exactly the rows, in exactly the order, of the
// query it replaced (Prisma's OR … some … some filter), forward and back, on a seeded data set with
// meetings seen two ways, ties on the start time, series and cancellations.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { COUNT_CAP, PAGE_SIZE, listMeetings, listSql, myMeetings } from "@/lib/meetings/list";
import { listQuery } from "@/lib/validation/meeting";
import { dropDatabase, emptyDatabase } from "@/test/scratch-database";

const url = process.env.DATABASE_URL!;
const now = new Date("2030-03-01T12:00:00.000Z");
const groups = [`g-${randomUUID()}`, `h-${randomUUID()}`];
let person: SessionUser;

beforeAll(async () => {
  await applyMigrations(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const user = async (name: string, of: string[] = []) =>
    (await c.query<{ id: string }>(`insert into "User" (id, subject, name, groups) values (gen_random_uuid(), $1, $2, $3) returning id`, [`list-${randomUUID()}`, name, of])).rows[0]!.id;
  const me = await user("Lister", groups);
  const other = await user("Other Organiser");
  // 160 meetings around `now`, every fifth on the same start as the one before (ties), some series.
  for (let i = 0; i < 160; i++) {
    const hours = (i % 5 === 0 ? i - 1 : i) * 7 - 500;
    const starts = new Date(now.getTime() + hours * 3_600_000);
    const series = i % 11 === 0;
    const { id } = (
      await c.query<{ id: string }>(
        `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", rrule, "cancelledAt", "updatedAt")
         values (gen_random_uuid(), $1, $2, $3, $4, 30, 'UTC', $5, $6, now()) returning id`,
        [i % 3 === 0 ? me : other, `m${i}`, starts, new Date(starts.getTime() + (series ? 40 * 86_400_000 : 1_800_000)), series ? "FREQ=WEEKLY;COUNT=6" : null, i % 13 === 0 ? now : null],
      )
    ).rows[0]!;
    if (series) await c.query(`insert into "MeetingException" ("meetingId", "occurrenceStart", "cancelledAt") values ($1, $2, now())`, [id, new Date(starts.getTime() + 7 * 86_400_000)]);
    if (i % 4 === 0) await c.query(`insert into "MeetingMember" ("meetingId", "userId", role) values ($1, $2, 'PARTICIPANT')`, [id, me]);
    if (i % 6 === 1) await c.query(`insert into "MeetingGroupShare" ("meetingId", "group", role) values ($1, $2, 'PARTICIPANT')`, [id, groups[0]]);
    if (i % 9 === 1) await c.query(`insert into "MeetingGroupShare" ("meetingId", "group", role) values ($1, $2, 'MODERATOR')`, [id, groups[1]]);
  }
  await c.end();
  person = { id: me, name: "Lister", email: null, roles: [], groups, permissions: [], suspended: false, timeZone: null };
});

/** The query this module replaced, kept as the specification of which rows and in what order. */
async function reference(user: SessionUser, tab: "upcoming" | "past") {
  const rows = await db.meeting.findMany({
    where: { ...myMeetings(user), endsAt: tab === "upcoming" ? { gte: now } : { lt: now } },
    orderBy: tab === "upcoming" ? [{ startsAt: "asc" }, { id: "asc" }] : [{ startsAt: "desc" }, { id: "asc" }],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function walk(user: SessionUser, tab: "upcoming" | "past" | "all", direction: "after" | "before", from?: string) {
  const seen: string[][] = [];
  let cursor = from;
  for (;;) {
    const page = await listMeetings(user, listQuery.parse({ tab, [direction]: cursor }), now);
    seen.push(page.rows.map((r) => r.id));
    cursor = direction === "after" ? (page.next ?? undefined) : (page.previous ?? undefined);
    if (!cursor) return { pages: direction === "after" ? seen : seen.reverse(), total: page.total };
  }
}

describe("My meetings: keyset pages over the three ways of seeing a meeting", () => {
  for (const tab of ["upcoming", "past"] as const) {
    it(`${tab}: the same rows in the same order as the query it replaced, forward and back`, async () => {
      const expected = await reference(person, tab);
      expect(expected.length).toBeGreaterThan(2 * PAGE_SIZE);
      const forward = await walk(person, tab, "after");
      expect(forward.pages.flat()).toEqual(expected);
      expect(forward.total).toBe(expected.length);
      expect(forward.pages.slice(0, -1).every((p) => p.length === PAGE_SIZE)).toBe(true);
      // Back from past the last row, page by page, to the first.
      const last = await db.meeting.findUniqueOrThrow({ where: { id: expected.at(-1)! }, select: { id: true, startsAt: true } });
      const back = await walk(person, tab, "before", `${last.startsAt.toISOString()}_${last.id}`);
      expect([...back.pages.flat(), expected.at(-1)]).toEqual(expected);
    });
  }

  it("shows a series at its next meeting and names the organiser", async () => {
    const { rows } = await listMeetings(person.id, listQuery.parse({ tab: "upcoming" }), now);
    const series = rows.find((r) => r.series)!;
    expect(series.shownStart.getTime()).toBeGreaterThanOrEqual(series.startsAt.getTime());
    expect(rows.every((r) => r.owner.name === "Lister" || r.owner.name === "Other Organiser")).toBe(true);
  });

  it("without groups or rights: only what the person organises or was added to; no 'all' list", async () => {
    const alone = { ...person, groups: [] };
    // The list reads the person's groups from their row: leaving every group shows at once.
    await db.user.update({ where: { id: person.id }, data: { groups: [] } });
    try {
      expect((await walk(alone, "upcoming", "after")).pages.flat()).toEqual(await reference(alone, "upcoming"));
    } finally {
      await db.user.update({ where: { id: person.id }, data: { groups } });
    }
    const none = { rows: [], total: 0, previous: null, next: null };
    expect(await listMeetings(alone, listQuery.parse({ tab: "all" }), now)).toEqual(none);
    expect(await listMeetings(person.id, listQuery.parse({ tab: "all" }), now)).toEqual(none); // an id alone carries no rights
  });

  it("stays exact as meetings move, people and groups are removed, the organiser changes and meetings go", async () => {
    const mine = await db.meeting.findMany({ where: myMeetings(person), orderBy: { title: "asc" }, select: { id: true, startsAt: true, rrule: true } });
    const [moved, handed, gone, unshared] = [mine[0]!, mine[2]!, mine[3]!, mine[4]!];
    const shortened = mine.find((m, i) => i > 4 && m.rrule)!;
    const other = await db.user.findFirstOrThrow({ where: { name: "Other Organiser" }, orderBy: { createdAt: "desc" } });
    // Through Prisma, as the portal writes: each change lands in MeetingListing by the triggers alone.
    await db.meeting.update({ where: { id: moved.id }, data: { startsAt: new Date(now.getTime() + 3_600_000), endsAt: new Date(now.getTime() + 5_400_000) } });
    await db.meeting.update({ where: { id: shortened.id }, data: { rrule: null, endsAt: new Date(shortened.startsAt.getTime() + 1_800_000) } });
    await db.meeting.update({ where: { id: handed.id }, data: { ownerId: other.id } });
    await db.meeting.delete({ where: { id: gone.id } });
    await db.meetingMember.deleteMany({ where: { userId: person.id, meetingId: { in: mine.slice(5, 15).map((m) => m.id) } } });
    await db.meetingGroupShare.deleteMany({ where: { meetingId: unshared.id } });
    await db.$executeRaw`update "MeetingGroupShare" g set "group" = ${groups[0]} where g."group" = ${groups[1]}
                         and not exists (select 1 from "MeetingGroupShare" h where h."meetingId" = g."meetingId" and h."group" = ${groups[0]})`;
    await db.meetingMember.upsert({ where: { meetingId_userId: { meetingId: handed.id, userId: person.id } }, create: { meetingId: handed.id, userId: person.id, role: "MODERATOR" }, update: {} });
    // The listing holds exactly what the three tables say, no more, and the pages show it.
    const [stale] = await db.$queryRaw<{ n: number }[]>`
      with said as (
        select id as "meetingId", 'u:' || "ownerId" as viewer, 'OWNER' as via, "startsAt", "endsAt", rrule is not null as series from "Meeting"
        union all select m.id, 'u:' || mm."userId", 'MEMBER', m."startsAt", m."endsAt", m.rrule is not null from "MeetingMember" mm join "Meeting" m on m.id = mm."meetingId"
        union all select m.id, 'g:' || g."group", 'GROUP', m."startsAt", m."endsAt", m.rrule is not null from "MeetingGroupShare" g join "Meeting" m on m.id = g."meetingId"),
      kept as (select "meetingId", viewer, via::text, "startsAt", "endsAt", series from "MeetingListing")
      select count(*)::int as n from ((select * from said except all select * from kept) union all (select * from kept except all select * from said)) d`;
    expect(stale!.n).toBe(0);
    for (const tab of ["upcoming", "past"] as const) expect((await walk(person, tab, "after")).pages.flat(), tab).toEqual(await reference(person, tab));
  });

  it("all (for those who see every meeting): every meeting, latest first, forward and back", async () => {
    const admin: SessionUser = { ...person, permissions: ["SEE_ALL_MEETINGS"] };
    const expected = (await db.meeting.findMany({ orderBy: [{ startsAt: "desc" }, { id: "asc" }], select: { id: true } })).map((m) => m.id);
    const forward = await walk(admin, "all", "after");
    expect(forward.pages.flat()).toEqual(expected);
    expect(forward.total).toBe(Math.min(expected.length, COUNT_CAP + 1));
    const last = await db.meeting.findUniqueOrThrow({ where: { id: expected.at(-1)! } });
    expect([...(await walk(admin, "all", "before", `${last.startsAt.toISOString()}_${last.id}`)).pages.flat(), last.id]).toEqual(expected);
  });

  it("a cursor that is not one reads as the first page", () => {
    for (const bad of ["x", "2030-01-01_1", "2030-13-99T00:00:00.000Z_00000000-0000-4000-8000-000000000000", ["a"], { a: 1 }]) {
      expect(listQuery.parse({ after: bad }).after).toBeUndefined();
    }
  });
});

// The bench's data set (bench/meetings-list.ts): a person who sees 10,000 meetings among 30,000. Each
// statement a page runs stays below Postgres's JIT threshold, which it crossed on every request before
// (issue 15), and reads about a page. In a database of its own, vacuumed as autovacuum keeps a live
// one, so the planner sees what it sees in production (index-only scans need the visibility map).
it("at 30,000 meetings, every statement of a page reads about a page, below jit_above_cost, without JIT", async () => {
  const scratch = await emptyDatabase("portal_list_plans_test");
  await applyMigrations(scratch);
  const c = new pg.Client({ connectionString: scratch });
  await c.connect();
  try {
    const group = `sales-${randomUUID()}`;
    const person = async (subject: string, groups: string[]) =>
      (await c.query<{ id: string }>(`insert into "User" (id, subject, name, groups) values (gen_random_uuid(), $1, $1, $2) returning id`, [`${subject}-${randomUUID()}`, groups])).rows[0]!.id;
    const me = await person("bench", [group]);
    const other = await person("other", []);
    await c.query(
      `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
       select gen_random_uuid(), case when g % 6 = 0 then $1::uuid else $2::uuid end, 'meeting ' || g,
              $3::timestamp + ((g * 7919) % 35040 - 17520) * interval '1 hour', $3::timestamp + ((g * 7919) % 35040 - 17520) * interval '1 hour' + interval '30 minutes', 30, 'UTC', now()
       from generate_series(1, 30000) g`,
      [me, other, now],
    );
    await c.query(`insert into "MeetingMember" ("meetingId", "userId", role) select id, $1, 'PARTICIPANT' from "Meeting" where "ownerId" = $2 order by title limit 3000`, [me, other]);
    await c.query(
      `insert into "MeetingGroupShare" ("meetingId", "group", role) select id, $2, 'PARTICIPANT' from "Meeting" m
       where "ownerId" = $1 and not exists (select 1 from "MeetingMember" mm where mm."meetingId" = m.id) order by title desc limit 2000`,
      [other, group],
    );
    await c.query("vacuum analyze");
    const jitAbove = Number((await c.query<{ jit_above_cost: string }>("show jit_above_cost")).rows[0]!.jit_above_cost);
    const deep = (await c.query<{ id: string; startsAt: Date }>(`select id, "startsAt" from "Meeting" where "ownerId" = $1 and "endsAt" >= $2 order by "startsAt", id offset 1000 limit 1`, [me, now])).rows[0]!;
    for (const q of [{ tab: "upcoming" }, { tab: "past" }, { tab: "upcoming", after: `${deep.startsAt.toISOString()}_${deep.id}` }]) {
      const sql = listSql(me, listQuery.parse(q), now);
      // Each part, the whole statement, and the whole statement as a prepared one runs it once
      // Postgres settles on a generic plan (lib/db/adapter.ts prepares it).
      const generic = { text: "explain (analyze, format json) execute page_statement", values: sql.statement.values };
      for (const statement of [sql.rows, sql.count, sql.statement, generic]) {
        if (statement === generic) {
          await c.query("deallocate all");
          await c.query(`prepare page_statement as ${sql.statement.text}`);
          await c.query("set plan_cache_mode = force_generic_plan");
        }
        // EXECUTE takes no bind parameters: its arguments go in as literals.
        const literal = (v: unknown): string =>
          v instanceof Date ? c.escapeLiteral(v.toISOString()) : Array.isArray(v) ? `array[${v.map(literal).join(", ")}]::text[]` : typeof v === "number" ? String(v) : c.escapeLiteral(String(v));
        const [text, values] = statement === generic ? [`${generic.text}(${generic.values.map(literal).join(", ")})`, []] : [`explain (analyze, format json) ${statement.text}`, statement.values];
        const [{ "QUERY PLAN": [plan] }] = (await c.query<{ "QUERY PLAN": [{ Plan: PlanNode; JIT?: unknown }] }>(text, values)).rows as [
          { "QUERY PLAN": [{ Plan: PlanNode; JIT?: unknown }] },
        ];
        await c.query("reset plan_cache_mode");
        expect(plan.Plan["Total Cost"], JSON.stringify(q)).toBeLessThan(jitAbove);
        expect(plan.JIT, JSON.stringify(q)).toBeUndefined();
        // Index range scans that stop after a page (or the count's cap) for each viewer key: no scan
        // of a meeting table reads the rows of a whole range to sort them.
        const bound = statement === sql.rows ? 2 * (PAGE_SIZE + 1) : 2 * (COUNT_CAP + 1); // the whole statement holds both
        for (const scan of scans(plan.Plan)) expect(scan, JSON.stringify(q)).toMatchObject({ rows: expect.toSatisfy((n: number) => n <= bound) });
      }
      const [{ total }] = (await c.query<{ total: number }>(sql.count.text, sql.count.values)).rows as [{ total: number }];
      expect(total).toBe(COUNT_CAP + 1);
    }
  } finally {
    await c.end();
    await dropDatabase("portal_list_plans_test");
  }
});

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Actual Rows": number; "Total Cost": number; Plans?: PlanNode[] };

/** Every scan of a table other than the few-row "User", with the rows it read per loop. */
function scans(node: PlanNode): { table: string; type: string; rows: number }[] {
  const own = node["Relation Name"] && node["Relation Name"] !== "User" ? [{ table: node["Relation Name"], type: node["Node Type"], rows: node["Actual Rows"] }] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}
