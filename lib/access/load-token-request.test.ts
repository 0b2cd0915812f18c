// The token route's one statement hands the access rules exactly what their own loaders would
// (loadSessionUser, loadMeeting, loadSeries, lobbyWanted), counts its rate-limit hits, and reads the
// caller's rights afresh every time: a suspension or a lost membership binds the very next request.
// Runs against the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMeeting } from "@/lib/access/load-meeting";
import { loadTokenRequest } from "@/lib/access/load-token-request";
import { loadSeries } from "@/lib/calendar/series";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { lobbyWanted } from "@/lib/invites/links";
import { endSessions, loadSessionUser } from "@/lib/users";

const headers = new Headers();
const group = `g-${randomUUID()}`;

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

async function person(name: string, groups: string[] = []) {
  return db.user.create({ data: { subject: randomUUID(), name, roles: ["employee"], groups } });
}

async function meeting(ownerId: string, extra: { rrule?: string; lobby?: boolean; cancelledAt?: Date } = {}) {
  const startsAt = new Date(Date.now() - 10 * 60_000);
  return db.meeting.create({
    data: { ownerId, title: "Weekly", startsAt, endsAt: new Date(startsAt.getTime() + (extra.rrule ? 60 * 86_400_000 : 3_600_000)), durationMinutes: 60, timeZone: "Europe/Berlin", ...extra },
  });
}

describe("loadTokenRequest", () => {
  it("gives each kind of caller the same user, answer, series changes and lobby as the separate loaders", async () => {
    const owner = await person("Olga");
    const member = await person("Max");
    const sharer = await person("Gina", [group]);
    const stranger = await person("Sam");
    const series = await meeting(owner.id, { rrule: "FREQ=WEEKLY;COUNT=8" });
    const week = 7 * 86_400_000;
    await db.meetingException.createMany({
      data: [
        { meetingId: series.id, occurrenceStart: new Date(series.startsAt.getTime() + week), startsAt: new Date(series.startsAt.getTime() + week + 86_400_000), durationMinutes: 90 },
        { meetingId: series.id, occurrenceStart: new Date(series.startsAt.getTime() + 2 * week), cancelledAt: new Date() },
      ],
    });
    await db.meetingMember.create({ data: { meetingId: series.id, userId: member.id, role: "MODERATOR" } });
    await db.meetingGroupShare.create({ data: { meetingId: series.id, group, role: "PARTICIPANT" } });
    await db.inviteLink.create({
      data: { meetingId: series.id, tokenHash: randomUUID(), salt: "s", lobby: true, expiresAt: new Date(Date.now() + 3_600_000), createdById: owner.id },
    });
    const single = await meeting(owner.id);
    await db.inviteLink.create({
      data: { meetingId: single.id, tokenHash: randomUUID(), salt: "s", lobby: true, expiresAt: new Date(Date.now() + 3_600_000), createdById: owner.id, revokedAt: new Date() },
    });
    const cancelled = await meeting(owner.id, { cancelledAt: new Date() });

    for (const who of [owner, member, sharer, stranger]) {
      for (const id of [series.id, single.id, cancelled.id, randomUUID(), "not-a-uuid"]) {
        const got = await loadTokenRequest({ uid: who.id }, id, headers);
        const user = (await loadSessionUser(who.id))!;
        const want = await loadMeeting(user, id, "join");
        expect(got.user).toEqual(user);
        expect(got.grant).toEqual(want);
        if (typeof want !== "string") {
          expect(sorted(got.exceptions)).toEqual(sorted((await loadSeries(want.meeting)).exceptions));
          expect(want.meeting.lobby || got.lobbyLink).toBe(await lobbyWanted(want.meeting));
        }
      }
    }
    const mine = await loadTokenRequest({ uid: owner.id }, series.id, headers);
    expect(mine.exceptions).toHaveLength(2);
    expect(mine.lobbyLink).toBe(true);
    expect((await loadTokenRequest({ uid: owner.id }, single.id, headers)).lobbyLink).toBe(false);
  });

  it("reads rights afresh each time: a suspension, a removed membership or a sign-out binds the next request", async () => {
    const owner = await person("Olga");
    const member = await person("Max");
    const m = await meeting(owner.id);
    await db.meetingMember.create({ data: { meetingId: m.id, userId: member.id, role: "PARTICIPANT" } });
    expect(typeof (await loadTokenRequest({ uid: member.id }, m.id, headers)).grant).toBe("object");

    await db.user.update({ where: { id: member.id }, data: { suspendedAt: new Date() } });
    expect((await loadTokenRequest({ uid: member.id }, m.id, headers)).user?.suspended).toBe(true);
    await db.user.update({ where: { id: member.id }, data: { suspendedAt: null } });

    await db.meetingMember.delete({ where: { meetingId_userId: { meetingId: m.id, userId: member.id } } });
    expect((await loadTokenRequest({ uid: member.id }, m.id, headers)).grant).toBe("forbidden");

    await endSessions({ id: member.id });
    expect((await loadTokenRequest({ uid: member.id, sv: 0 }, m.id, headers)).user).toBeNull();
    expect((await loadTokenRequest({ uid: member.id, sv: 1 }, m.id, headers)).user?.id).toBe(member.id);
  });

  it("counts a hit per request, also for unknown ids and people, and refuses past the limit", async () => {
    const owner = await person("Olga");
    const m = await meeting(owner.id);
    const limit = env.RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE;
    const now = new Date(Date.UTC(2031, 0, 1, 12, 0, 0));
    const results = [];
    for (let i = 0; i < limit; i++) results.push((await loadTokenRequest({ uid: owner.id }, i % 2 ? m.id : "nope", headers, now)).limit);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await loadTokenRequest({ uid: owner.id }, m.id, headers, now)).limit).toEqual({ ok: false, retryAfterSeconds: expect.any(Number) });
    const ghost = randomUUID();
    expect((await loadTokenRequest({ uid: ghost }, m.id, headers, now)).user).toBeNull();
    expect(await db.rateLimit.findUnique({ where: { key: `token-user:${ghost}` } })).toMatchObject({ count: 1 });
  });
});

const sorted = <T extends { occurrenceStart: Date }>(xs: T[]) => [...xs].sort((a, b) => a.occurrenceStart.getTime() - b.occurrenceStart.getTime());
