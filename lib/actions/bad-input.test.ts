// Every exported server action and every route handler, fed objects, arrays, nothing, numbers and
// megabytes where its arguments go: each answers with a refusal (a form error, a 4xx), never throws
// or answers 500, and the database is exactly as before (issue 21). Found by listing the files, so a
// new action or handler is covered without being named here.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { PERMISSIONS } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { createInviteLink } from "@/lib/invites/links";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => session.user, getUserOrNull: async () => session.user, sessionClaims: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }), headers: async () => new Headers() }));

const ROOT = join(__dirname, "../..");
const HUGE = "x".repeat(1_000_000);
const BAD_VALUES: [string, unknown][] = [
  ["missing", undefined],
  ["null", null],
  ["a number", 42],
  ["an object", {}],
  ["a Prisma filter", { not: "zzz" }],
  ["a filter list", { in: ["a", "b"] }],
  ["an array", ["a", "b"]],
  ["a plain-object form", { title: "Planted", start: "2099-01-01T10:00", timeZone: "UTC", durationMinutes: "30" }],
  ["a huge string", HUGE],
];

let fixture: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL!);
  fixture = await seed();
  session.user = fixture.owner;
});
afterAll(() => db.$disconnect());

describe("server actions", () => {
  const files = readdirSync(join(ROOT, "lib/actions")).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

  it("are all found", () => expect(files.length).toBeGreaterThanOrEqual(6));

  for (const file of files) {
    it(`${file}: every argument, wrong, is refused and changes nothing`, async () => {
      const actions = Object.entries(await import(`./${file}`)).filter((e): e is [string, (...a: unknown[]) => Promise<unknown>] => typeof e[1] === "function");
      expect(actions.length).toBeGreaterThan(0);
      for (const [name, action] of actions) {
        const valid = validArgs(name, action);
        // Each position in turn gets each bad value (and megabyte fields in its form), the rest stay
        // valid; useActionState's previous result is read by no action, so any value of it is fine.
        for (let i = 0; i < Math.max(valid.length, 1); i++) {
          if (paramNames(action)[i] === "_prev") continue;
          const bads: [string, unknown][] = [...BAD_VALUES, ...(valid[i] instanceof FormData && name in FORMS ? [["a form of megabytes", hugeForm(valid[i] as FormData)] as [string, unknown]] : [])];
          for (const [label, bad] of bads) {
            const args = [...valid];
            args[i] = bad;
            await expectRefusal(`${name} with argument ${i + 1} ${label}`, () => action(...args));
          }
        }
        if (valid.length) await expectRefusal(`${name} with no arguments`, () => action());
      }
    });
  }

  it("the valid arguments do change things, so the checks above can fail", async () => {
    const { createMeetingAction } = await import("./meetings");
    const before = await db.meeting.count();
    await expect(createMeetingAction(null, validArgs("createMeetingAction", createMeetingAction)[1] as FormData)).rejects.toThrow("NEXT_REDIRECT");
    expect(await db.meeting.count()).toBe(before + 1);
  });
});

describe("route handlers", () => {
  // next-auth's own handler reads Next's request scope itself, which only a real server has; its
  // input is next-auth's to parse, and e2e/bad-input.spec.ts sends it the same garbage over HTTP.
  const routes = listRoutes(join(ROOT, "app")).filter((r) => !r.includes("[...nextauth]"));

  it("are all found", () => expect(routes.length).toBeGreaterThanOrEqual(15));

  for (const route of routes) {
    it(`${route}: wrong params, queries and bodies are a 4xx and change nothing`, async () => {
      session.user = fixture.admin;
      const mod = (await import(/* @vite-ignore */ route)) as Record<string, unknown>;
      const path = "/" + relative(join(ROOT, "app"), route).replace(/\/route\.ts$/, "").replace(/\([^)]*\)\//g, "");
      const segments = [...path.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => typeof mod[m] === "function")) {
        const handler = mod[method] as (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
        for (const param of ["x".repeat(10_000), "%E0%A4%A", "{}", "[object Object]", "../../admin", "00000000-0000-4000-8000-000000000000"]) {
          for (const [label, body] of BAD_BODIES) {
            const params = Object.fromEntries(segments.map((s) => [s, path.includes(`[...${s}]`) ? [param] : param]));
            const url = `http://127.0.0.1:3000${path.replace(/\[[^\]]+\]/g, encodeURIComponent(param))}?q[]=1&page=${HUGE.slice(0, 5000)}&download=[]&action={}`;
            const req = new NextRequest(url, { method, headers: { "content-type": "application/json", "x-recording-room": "[]" }, body: method === "GET" ? undefined : body });
            // The purge takes no input; what it does with any request is its job, not a change by bad input.
            await expectRefusal(`${method} ${path} with ${param.slice(0, 20)} and ${label}`, () => handler(req, { params: Promise.resolve(params) }), route.includes("/purge/"));
          }
        }
      }
    });
  }
});

const BAD_BODIES: [string, string][] = [
  ["an empty object", "{}"],
  ["an array", "[1,2]"],
  ["a filter", '{"permission":{"in":["SCHEDULE"]},"subjectType":"ROLE","subject":{"not":"x"}}'],
  ["wrong types", '{"suspended":"yes","organisationName":42,"confirmName":[],"meetings":{}}'],
  ["a huge string", JSON.stringify(HUGE)],
  ["broken JSON", '{"a":'],
];

/** Runs `call`; it must not throw (but a redirect), must answer below 500 and must leave every table as it was. */
async function expectRefusal(what: string, call: () => Promise<unknown>, mayChange = false) {
  const before = await snapshot();
  let result: unknown;
  try {
    result = await call();
  } catch (e) {
    throw new Error(`${what} threw: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
  }
  if (result instanceof Response) expect(result.status, what).toBeLessThan(500);
  else if (Array.isArray(result)) expect(result, what).toEqual([]);
  else if (result !== undefined) expect(result, what).toMatchObject({ ok: false });
  if (!mayChange) expect(await snapshot(), what).toEqual(before);
}

/** Row count and newest change of every table. */
async function snapshot() {
  // Rate-limit counters count every request by design; they change nothing anyone owns.
  const tables = await db.$queryRaw<{ name: string }[]>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not in ('_prisma_migrations', 'RateLimit') order by 1`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = Number((await db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from "${name}"`))[0]!.n);
  const stamps = await db.$queryRaw<unknown[]>`select (select max("updatedAt") from "Meeting") as meeting, (select max(coalesce("revokedAt", "createdAt")) from "InviteLink") as link, (select string_agg(role::text || "meetingId" || "userId", ',') from "MeetingMember") as members, (select string_agg(role::text || "group", ',') from "MeetingGroupShare") as shares, (select string_agg(coalesce("timeZone", '') || coalesce("suspendedAt"::text, ''), ',') from "User") as users`;
  return { counts, stamps };
}

function hugeForm(valid: FormData) {
  const form = new FormData();
  for (const key of new Set([...valid.keys(), "idempotencyKey"])) form.set(key, HUGE);
  return form;
}

/** Arguments that would work, by parameter name: a bad one among them is then the only thing wrong. */
function validArgs(name: string, action: (...a: never[]) => unknown): unknown[] {
  const f = fixture;
  const byName: Record<string, unknown> = {
    meetingId: f.meeting.id,
    _prev: null,
    memberId: f.member.id,
    linkId: f.link.id,
    invitation: f.invitation.id,
    group: "staff",
    occurrenceIso: f.meeting.startsAt.toISOString(),
    zone: "Asia/Tokyo",
    query: "Ad",
    token: f.link.token,
    form: form(FORMS[name] ?? {}),
    webhookId: "00000000-0000-4000-8000-000000000000",
    enabled: true,
  };
  return paramNames(action).map((p) => {
    if (!(p in byName)) throw new Error(`${name}: no valid value for its parameter "${p}"; add one to validArgs`);
    return byName[p];
  });
}

function paramNames(action: (...a: never[]) => unknown): string[] {
  const list = /^[^(]*\(([^)]*)\)/.exec(action.toString())?.[1] ?? "";
  return list.split(",").map((p) => p.trim().replace(/[=\s].*$/, "")).filter((p) => p && !p.startsWith("..."));
}

const FORMS: Record<string, Record<string, string>> = {
  createWebhookAction: { url: "https://example.org/hooks", events: "meeting.scheduled" },
  createMeetingAction: { title: "Planning", start: "2099-01-05T10:00", timeZone: "UTC", durationMinutes: "30", invitees: "guest@example.net" },
  updateMeetingAction: { title: "Planning", start: "2099-01-05T10:00", timeZone: "UTC", durationMinutes: "30" },
  inviteByEmailAction: { invitees: "another@example.net" },
  createInviteLinkAction: { label: "partners", role: "GUEST", lobby: "on" },
  addMemberAction: { email: "bea@example.test", role: "MODERATOR" },
  addGroupShareAction: { group: "sales", role: "PARTICIPANT" },
  changeOccurrenceAction: { occurrence: "2099-01-05T10:00:00.000Z", start: "2099-01-06T10:00", durationMinutes: "30" },
  setRecordingRetentionAction: { days: "3" },
  enterAsGuestAction: { name: "Gus" },
};

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

function listRoutes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listRoutes(join(dir, e.name)) : e.name === "route.ts" ? [join(dir, e.name)] : []));
}

async function seed() {
  const tag = crypto.randomUUID().slice(0, 8);
  const user = (name: string, roles: string[]) => db.user.create({ data: { subject: `bad-input-${name}-${tag}`, name, email: `${name.toLowerCase()}-${tag}@example.test`, roles } });
  const [ownerRow, adminRow, bea] = [await user("Owen", ["employee"]), await user("Ada", ["admin"]), await user("Bea", ["employee"])];
  await db.user.update({ where: { id: bea.id }, data: { email: "bea@example.test" } }).catch(() => undefined);
  const sessionUser = (u: typeof ownerRow): SessionUser => ({ id: u.id, name: u.name, email: u.email, roles: u.roles, groups: ["staff"], permissions: [...PERMISSIONS], suspended: false, timeZone: null });
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const meeting = await db.meeting.create({ data: { ownerId: ownerRow.id, title: "Review", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC", rrule: "FREQ=DAILY;COUNT=3" } });
  const member = await db.meetingMember.create({ data: { meetingId: meeting.id, userId: bea.id, role: "PARTICIPANT" } }).then(() => bea);
  await db.meetingGroupShare.create({ data: { meetingId: meeting.id, group: "staff", role: "PARTICIPANT" } });
  const link = await createInviteLink(meeting, ownerRow, { label: "x", role: "GUEST", lobby: true, maxUses: null, expiresAt: null });
  const invitation = await db.invitation.create({ data: { meetingId: meeting.id, email: `guest-${tag}@example.net`, name: "Gus" } });
  return { owner: sessionUser(ownerRow), admin: sessionUser(adminRow), meeting, member, link, invitation };
}
