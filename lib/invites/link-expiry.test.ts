// Link expiry (issue 16): the cap a link gets, said before creating; a series' personal links must
// not expire before the series begins.
import { describe, expect, it } from "vitest";
import { toRrule } from "@/lib/calendar/recurrence";
import { linkExpiry, linkExpiryCap } from "@/lib/invites/links";

const DAY = 86_400_000;
const now = new Date("2030-01-01T12:00:00Z");
const GRACE = 120 * 60_000; // INVITE_GRACE_MINUTES' default
const single = (startsAt: Date) => ({ id: "m", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), timeZone: "UTC", rrule: null });
const weekly = (startsAt: Date, count: number) => {
  const rrule = toRrule({ freq: "weekly", interval: 1, weekdays: ["TU"], end: { count } }, startsAt, "UTC");
  return { id: "s", startsAt, endsAt: new Date(startsAt.getTime() + (count - 1) * 7 * DAY + 3_600_000), timeZone: "UTC", rrule };
};

describe("the expiry cap of a new link", () => {
  it("is the meeting's end plus the grace for a meeting soon", () => {
    const m = single(new Date(now.getTime() + DAY));
    expect(linkExpiryCap(m, now, 30)).toEqual({ at: new Date(m.endsAt.getTime() + GRACE), by: "meeting_end" });
  });

  it("counts the site maximum from the meeting's start, so a meeting two months away keeps its link", () => {
    const m = single(new Date(now.getTime() + 60 * DAY));
    expect(linkExpiryCap(m, now, 30)).toEqual({ at: new Date(m.endsAt.getTime() + GRACE), by: "meeting_end" });
  });

  it("lets a series' personal link live the site maximum from the series' first meeting, not from today", () => {
    // Tuesday 5 March 2030, 09:00 UTC: two months away; twenty weeks long.
    const s = weekly(new Date("2030-03-05T09:00:00Z"), 20);
    const cap = linkExpiryCap(s, now, 30);
    expect(cap).toEqual({ at: new Date(s.startsAt.getTime() + 30 * DAY), by: "site_max" });
    expect(cap.at > s.startsAt).toBe(true);
  });

  it("counts from the next meeting of a series already running", () => {
    const s = weekly(new Date("2029-12-04T09:00:00Z"), 20);
    // The next Tuesday after 1 January 2030 12:00 is 8 January.
    expect(linkExpiryCap(s, now, 30).at).toEqual(new Date(new Date("2030-01-08T09:00:00Z").getTime() + 30 * DAY));
  });
});

describe("the expiry a new link gets", () => {
  const cap = { at: new Date(now.getTime() + 10 * DAY), by: "site_max" as const };
  it("is the cap when none or a later one is asked for, the asked one when earlier", () => {
    expect(linkExpiry(null, cap, now)).toEqual(cap.at);
    expect(linkExpiry(new Date(now.getTime() + 20 * DAY), cap, now)).toEqual(cap.at);
    expect(linkExpiry(new Date(now.getTime() + DAY), cap, now)).toEqual(new Date(now.getTime() + DAY));
  });

  it("refuses a time in the past", () => {
    expect(() => linkExpiry(new Date(now.getTime() - 1), cap, now)).toThrow(/in the past/);
  });
});
