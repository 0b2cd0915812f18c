// The private feed: the user's meetings as iCalendar, and nothing once revoked.
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createFeed, renderFeed, revokeFeeds } from "@/lib/calendar/feed";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";

describe("calendar feed", () => {
  beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

  it("lists the user's meetings (as in My meetings), not others', and answers nothing after revocation", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const [me, other] = await Promise.all(["me", "other"].map((n) => db.user.create({ data: { subject: `feed-${n}-${tag}`, name: n, email: `${n}-${tag}@example.org`, groups: n === "me" ? [`ops-${tag}`] : [] } })));
    const at = (days: number) => new Date(Date.now() + days * 86_400_000);
    const meeting = (ownerId: string, title: string) => db.meeting.create({ data: { ownerId, title, startsAt: at(1), endsAt: at(1.1), durationMinutes: 60, timeZone: "Europe/Berlin" } });
    const mine = await meeting(me!.id, "Mine");
    const theirs = await meeting(other!.id, "Theirs");
    const shared = await meeting(other!.id, "Shared with me");
    await db.meetingMember.create({ data: { meetingId: shared.id, userId: me!.id, role: "PARTICIPANT" } });
    const viaGroup = await meeting(other!.id, "Shared with my group");
    await db.meetingGroupShare.create({ data: { meetingId: viaGroup.id, group: `ops-${tag}`, role: "PARTICIPANT" } });
    await db.meeting.create({ data: { ownerId: me!.id, title: "Cancelled", startsAt: at(2), endsAt: at(2.1), durationMinutes: 60, timeZone: "UTC", cancelledAt: new Date() } });

    const token = (await createFeed(me!.id)).split("/").pop()!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await db.calendarFeed.findFirstOrThrow({ where: { userId: me!.id } })).tokenHash).not.toContain(token);
    // A daily series with its second meeting moved two hours later and its third cancelled.
    const start = new Date(Math.ceil(at(3).getTime() / 3_600_000) * 3_600_000);
    const day = (n: number) => new Date(start.getTime() + n * 86_400_000);
    const series = await db.meeting.create({ data: { ownerId: me!.id, title: "Daily", startsAt: start, endsAt: new Date(day(3).getTime() + 1_800_000), durationMinutes: 30, timeZone: "UTC", rrule: "FREQ=DAILY;COUNT=4" } });
    await db.meetingException.createMany({ data: [
      { meetingId: series.id, occurrenceStart: day(1), startsAt: new Date(day(1).getTime() + 7_200_000), durationMinutes: 30 },
      { meetingId: series.id, occurrenceStart: day(2), cancelledAt: new Date() },
    ] });

    const cal = new ICAL.Component(ICAL.parse((await renderFeed(token))!));
    const events = cal.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary).sort()).toEqual(["Daily", "Daily", "Mine", "Shared with me", "Shared with my group"]);
    const [master, moved] = events.filter((e) => e.summary === "Daily");
    master!.relateException(moved!);
    const it = master!.iterator();
    const starts = [it.next(), it.next(), it.next(), it.next()].filter(Boolean).map((t) => master!.getOccurrenceDetails(t!).startDate.toJSDate());
    expect(starts).toEqual([start, new Date(day(1).getTime() + 7_200_000), day(3)]);
    expect(events.map((e) => e.uid)).toContain(`${mine.id}@127.0.0.1`);
    expect(events.map((e) => e.uid)).not.toContain(`${theirs.id}@127.0.0.1`);

    await revokeFeeds(me!.id);
    expect(await renderFeed(token)).toBeNull();
    expect(await renderFeed("x".repeat(43))).toBeNull();
    expect(await renderFeed("../../etc/passwd")).toBeNull();
  });
});
