// A meeting's room closes ROOM_CLOSES_MINUTES_AFTER_END (default 30) after the scheduled end of the
// meeting on now; the token routes refuse it afterwards and Prosody closes it (mod_portal_room_end.lua).
import { describe, expect, it } from "vitest";
import { roomClosed, windowOf } from "@/lib/calendar/series";

const single = { rrule: null, startsAt: new Date("2027-03-23T09:00:00Z"), endsAt: new Date("2027-03-23T10:00:00Z"), durationMinutes: 60, timeZone: "Europe/Berlin", exceptions: [] };
const weekly = { ...single, timeZone: "UTC", rrule: "FREQ=WEEKLY;COUNT=3", endsAt: new Date("2027-04-06T10:00:00Z") };

describe("room closing", () => {
  it("closes a single meeting's room 30 minutes after its end, not before", () => {
    expect(windowOf(single, new Date("2027-03-23T09:55:00Z"))).toMatchObject({ state: "open", closesAt: new Date("2027-03-23T10:30:00Z") });
    expect(roomClosed(windowOf(single, new Date("2027-03-23T10:29:59Z")), new Date("2027-03-23T10:29:59Z"))).toBe(false);
    expect(roomClosed(windowOf(single, new Date("2027-03-23T10:30:00Z")), new Date("2027-03-23T10:30:00Z"))).toBe(true);
  });

  it("closes a series' room after each of its meetings, from that meeting's own end", () => {
    expect(windowOf(weekly, new Date("2027-03-30T09:30:00Z"))).toMatchObject({ state: "open", closesAt: new Date("2027-03-30T10:30:00Z") });
  });
});
