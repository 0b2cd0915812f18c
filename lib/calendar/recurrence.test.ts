// A series' starts are expanded once and kept (issue 15): the kept expansion must answer every window
// exactly as expanding the rule for that window did, past the 366th meeting, across daylight-saving
// changes, and for a rule with no end (expanded window by window, as before).
import { DateTime } from "luxon";
import { expect, it } from "vitest";
import { isOccurrence, occurrences, toRrule } from "@/lib/calendar/recurrence";

const zone = "Europe/Berlin";
const startsAt = DateTime.fromISO("2027-01-04T09:00", { zone }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d, { zone });

it("a daily series of two years has its meetings at 09:00 Berlin to the last day, in any window", () => {
  const rrule = toRrule({ freq: "daily", interval: 1, end: { until: "2028-12-31" } }, startsAt, zone);
  const m = { startsAt, timeZone: zone, rrule };
  const all = occurrences(m, new Date(0), new Date("2100-01-01T00:00:00Z"));
  expect(all).toHaveLength(728);
  expect(all.every((d) => local(d).toFormat("HH:mm") === "09:00")).toBe(true);
  expect(local(all.at(-1)!).toISODate()).toBe("2028-12-31");
  // Windows of odd sizes tile the whole series without a gap or a double.
  const tiled: Date[] = [];
  for (let t = startsAt.getTime() - 86_400_000; t < all.at(-1)!.getTime() + 86_400_000; t += 37 * 3_600_000) tiled.push(...occurrences(m, new Date(t), new Date(t + 37 * 3_600_000)));
  expect(tiled).toEqual(all);
  expect(isOccurrence(m, all[600]!)).toBe(true);
  expect(isOccurrence(m, new Date(all[600]!.getTime() + 60_000))).toBe(false);
});

it("a rule with no end (never stored by the portal) is still expanded for the window asked", () => {
  const m = { startsAt, timeZone: zone, rrule: "FREQ=DAILY" };
  const far = DateTime.fromISO("2040-07-01T00:00", { zone }).toJSDate();
  const week = occurrences(m, far, new Date(far.getTime() + 7 * 86_400_000));
  expect(week.map((d) => local(d).toFormat("yyyy-MM-dd HH:mm"))).toEqual(Array.from({ length: 7 }, (_, i) => `2040-07-0${i + 1} 09:00`));
});
