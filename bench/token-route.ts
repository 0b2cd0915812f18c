// npm run bench — the token route under load (autocannon on loopback against the standalone build),
// beside an empty route in the same run and the same work without Next.js around it.
// Needs `npm run build` first and the local Postgres. Prints figures; asserts nothing.
import { type Figure, abba, againstReference, figureOf, allowServerOnlyImports, peakMemory, DURATION, benchEnv, freshDatabase, load, printTable, retainedPerRequest, sessionCookie, startServer } from "./harness";

const { env, base } = benchEnv(3200, "portal_bench");
// Issue 15's figures (one run, this machine): each token route's share of the empty route's req/s, its p99 against the empty route's.
const BEFORE: Record<number, { single: string; series: string }> = {
  50: { single: "17%, p99 7.7x", series: "" },
  200: { single: "22%, p99 4.1x", series: "p99 8.4x" },
};

const { userId, meetingId, seriesId } = await seed();
const cookie = await sessionCookie(env.NEXTAUTH_SECRET, userId);

const token = (id: string) => ({ url: `${base}/api/meetings/${id}/token`, method: "POST" as const, headers: { cookie } });
const server = await startServer(env, base);
try {
  const figures: Figure[] = [];
  for (const connections of [50, 200]) {
    const before = BEFORE[connections]!;
    const measured = await againstReference(
      () => load("empty route  GET /api/live", connections, { url: `${base}/api/live` }),
      async () => {
        const [single, series] = await abba(
          () => load("token route  POST /api/meetings/:id/token", connections, token(meetingId)),
          () => load("token route, weekly series on now", connections, token(seriesId)),
        );
        return [{ ...single, before: before.single }, { ...series, before: before.series }, { ...series, name: "  series vs single meeting", reference: single }];
      },
    );
    figures.push(...measured);
  }
  figures.push(...(await reference(userId, cookie)));
  printTable(figures);
  console.log(`\n${peakMemory(server)}`);
  console.log(await retainedPerRequest("token route  POST /api/meetings/:id/token", server, token(meetingId)));
} finally {
  server.kill("SIGTERM");
}

/** The route's own work (session decode, the one statement, the rules, signing, the audit row) in-process, no HTTP, no Next.js. */
async function reference(userId: string, cookieHeader: string): Promise<Figure[]> {
  allowServerOnlyImports();
  const { decode } = await import("next-auth/jwt");
  const { loadTokenRequest } = await import("../lib/access/load-token-request");
  const { conferenceRights } = await import("../lib/access/meetings");
  const { auditBatched } = await import("../lib/audit");
  const { windowOf } = await import("../lib/calendar/series");
  const { issueConferenceTicket } = await import("../lib/jitsi/conference");
  const sessionToken = cookieHeader.split("=")[1]!;
  const headers = new Headers();
  const once = async (meetingId: string) => {
    const t = await decode({ token: sessionToken, secret: env.NEXTAUTH_SECRET });
    const { user, grant, exceptions, lobbyLink } = await loadTokenRequest(t as { uid: string }, meetingId, headers);
    if (!user || typeof grant === "string") throw new Error(String(grant));
    windowOf({ ...grant.meeting, exceptions });
    const rights = conferenceRights(user, grant.meeting);
    await issueConferenceTicket({ meeting: grant.meeting, user, rights, lobby: grant.meeting.lobby || lobbyLink, closesAt: null });
    await auditBatched(user, "token.issue", { meetingId, details: { via: "meeting", moderator: rights.moderator, recording: rights.recording } });
  };
  const rows: Figure[] = [];
  const runs = [
    { name: "reference: same work without Next.js", id: meetingId, concurrency: 1 },
    { name: "reference: same work without Next.js", id: meetingId, concurrency: 50 },
    { name: "reference: the same for the weekly series", id: seriesId, concurrency: 50 },
  ];
  for (const { name, id, concurrency } of runs) {
    for (let i = 0; i < 200; i++) await once(id);
    const latencies: number[] = [];
    const deadline = Date.now() + DURATION * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          await once(id);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    rows.push(figureOf(name, concurrency, latencies, (performance.now() - started) / 1000));
  }
  rows.push({ ...rows[2]!, name: "  series vs single meeting, without Next.js", reference: rows[1] });
  return rows;
}

async function seed() {
  const db = await freshDatabase(env.DATABASE_URL);
  const user = await db.query(`insert into "User" (id, subject, name, email, roles, groups) values (gen_random_uuid(), 'bench', 'Bench User', 'bench@example.test', '{employee}', '{}') returning id`);
  const userId = user.rows[0].id as string;
  // Thousands of other meetings, so the access lookup runs against a realistic table.
  await db.query(
    `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
     select gen_random_uuid(), $1, 'm' || g, now() + g * interval '1 hour', now() + g * interval '1 hour' + interval '30 minutes', 30, 'UTC', now()
     from generate_series(1, 5000) g`,
    [userId],
  );
  const meeting = await db.query(`select id from "Meeting" order by "startsAt" limit 1`);
  // A weekly series whose meeting is on now, with a moved and a cancelled one: the token route then
  // also expands the rule and reads the changes.
  const series = await db.query(
    `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", rrule, "updatedAt")
     values (gen_random_uuid(), $1, 'series', date_trunc('minute', now()) - interval '10 minutes', now() + interval '52 weeks', 60, 'Europe/Berlin', 'FREQ=WEEKLY;COUNT=52', now())
     returning id, "startsAt"`,
    [userId],
  );
  const { id: seriesId, startsAt } = series.rows[0] as { id: string; startsAt: Date };
  await db.query(
    `insert into "MeetingException" ("meetingId", "occurrenceStart", "cancelledAt", "startsAt", "durationMinutes")
     values ($1, $2::timestamp + interval '1 week', null, $2::timestamp + interval '8 days', 60), ($1, $2::timestamp + interval '2 weeks', now(), null, null)`,
    [seriesId, startsAt],
  );
  await db.end();
  return { userId, meetingId: meeting.rows[0].id as string, seriesId };
}
