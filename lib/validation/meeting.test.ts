import { describe, expect, it } from "vitest";
import { DURATION_MAX, TITLE_MAX, meetingInput, startIsAcceptable, toFormValues } from "@/lib/validation/meeting";

const valid = { title: "Weekly sync", description: "", start: "2030-03-30T09:00", timeZone: "Europe/Berlin", durationMinutes: "60" };
const errorsOf = (input: Record<string, unknown>) => {
  const r = meetingInput.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("meeting input", () => {
  it("converts the organiser's wall-clock time to UTC, across daylight saving", () => {
    const winter = meetingInput.parse(valid); // 30 March 2030 is before the change to summer time, 31 March after
    expect(winter.startsAt.toISOString()).toBe("2030-03-30T08:00:00.000Z");
    expect(meetingInput.parse({ ...valid, start: "2030-03-31T09:00" }).startsAt.toISOString()).toBe("2030-03-31T07:00:00.000Z");
    expect(winter.endsAt.getTime() - winter.startsAt.getTime()).toBe(60 * 60_000);
  });

  it("refuses a wall time the clocks skip, saying so, instead of moving it silently", () => {
    // 31 March 2030, Berlin: 02:00 becomes 03:00.
    expect(errorsOf({ ...valid, start: "2030-03-31T02:30" }).start).toBe(
      "02:30 does not exist on 31 March 2030 in Europe/Berlin: the clocks go forward then. Choose another time, e.g. 03:30.",
    );
    // The hour that happens twice (clocks go back) exists and is accepted, as before.
    expect(errorsOf({ ...valid, start: "2030-10-27T02:30" })).toEqual({});
  });

  it("round-trips through the edit form", () => {
    const parsed = meetingInput.parse({ ...valid, lobby: "on" });
    expect(toFormValues({ ...parsed, description: "" })).toMatchObject({ start: "2030-03-30T09:00", timeZone: "Europe/Berlin", lobby: true, e2ee: false });
  });

  it.each([
    ["empty title", { title: "" }, "title", "Give the meeting a title"],
    ["blank title", { title: "   " }, "title", "Give the meeting a title"],
    ["over-long title", { title: "x".repeat(TITLE_MAX + 1) }, "title", `Keep the title to ${TITLE_MAX} characters`],
    ["duration 0", { durationMinutes: "0" }, "durationMinutes", "A meeting lasts at least 5 minutes"],
    ["duration 10 days", { durationMinutes: String(10 * 24 * 60) }, "durationMinutes", `A meeting lasts at most ${DURATION_MAX / 60} hours`],
    ["fractional duration", { durationMinutes: "12.5" }, "durationMinutes", "Give a whole number of minutes"],
    ["no start", { start: "" }, "start", "Choose when the meeting starts"],
    ["garbage start", { start: "tomorrow" }, "start", "Choose when the meeting starts"],
    ["unknown zone", { timeZone: "Mars/Olympus" }, "timeZone", "Choose a valid time zone"],
  ])("%s is a clear error", (_name, change, field, message) => {
    expect(errorsOf({ ...valid, ...change })[field]).toBe(message);
  });

  it("keeps HTML in a title as text (React escapes it when rendering)", () => {
    expect(meetingInput.parse({ ...valid, title: "<script>alert(1)</script>" }).title).toBe("<script>alert(1)</script>");
  });

  it("refuses a start in the past, except an edit that keeps its start", () => {
    const now = new Date("2030-01-01T12:00:00Z");
    const past = new Date("2030-01-01T11:00:00Z");
    expect(startIsAcceptable(past, now)).toBe(false);
    expect(startIsAcceptable(new Date("2030-01-01T11:57:00Z"), now)).toBe(true);
    expect(startIsAcceptable(past, now, past)).toBe(true);
  });
});
