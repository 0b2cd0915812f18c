// Recurring meetings: the RRULE is evaluated by the rrule library on the organiser's *wall clock*
// ("floating" times), and each occurrence is then placed in the organiser's zone by luxon. So a 09:00
// Europe/Berlin weekly meeting stays at 09:00 Berlin time across daylight-saving changes, and no
// date arithmetic of our own decides which days a series falls on.
import { DateTime } from "luxon";
import * as rruleModule from "rrule";
import type { Options, Weekday } from "rrule";

// rrule ships ESM (used by Next's bundler) and a UMD main without named exports (what plain Node
// and tsx load): take RRule from whichever this runtime gave us.
const { RRule } = "RRule" in rruleModule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default;
type RRule = InstanceType<typeof RRule>;

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type WeekdayCode = (typeof WEEKDAYS)[number];
// No series runs longer than this, so "upcoming", purge and feeds stay bounded (every stored RRULE
// has a COUNT or an UNTIL, so looking "to the end of time" below stops at its last meeting).
export const MAX_OCCURRENCES = 366;
export const MAX_SERIES_DAYS = 2 * 366;
export const END_OF_TIME = new Date("9999-12-31T00:00:00Z");

export type Recurrence =
  | { freq: "daily"; interval: number; end: SeriesEnd }
  | { freq: "weekly"; interval: number; weekdays: WeekdayCode[]; end: SeriesEnd }
  | { freq: "monthly"; interval: number; by: "date" | "weekday"; end: SeriesEnd };
export type SeriesEnd = { count: number } | { until: string /* yyyy-MM-dd, inclusive, organiser's zone */ };

export type SeriesTiming = { startsAt: Date; timeZone: string; rrule: string | null };

/** The RRULE (RFC 5545, without DTSTART) for a recurrence starting at `startsAt` in `timeZone`. */
export function toRrule(rec: Recurrence, startsAt: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(startsAt, { zone: timeZone });
  const options: Partial<Options> = { freq: FREQ[rec.freq], interval: rec.interval };
  if (rec.freq === "weekly") options.byweekday = rec.weekdays.map((d) => WEEKDAY_OF[d]);
  if (rec.freq === "monthly" && rec.by === "date") options.bymonthday = [local.day];
  if (rec.freq === "monthly" && rec.by === "weekday") {
    // "The second Tuesday"; a fifth one becomes "the last", which every month has.
    const nth = Math.ceil(local.day / 7);
    options.byweekday = [WEEKDAY_OF[WEEKDAYS[local.weekday - 1]!].nth(nth === 5 ? -1 : nth)];
  }
  if ("count" in rec.end) options.count = rec.end.count;
  // RFC 5545: with a zoned DTSTART, UNTIL is in UTC; the end of the chosen day in the organiser's zone.
  else options.until = DateTime.fromISO(rec.end.until, { zone: timeZone }).endOf("day").toUTC().toJSDate();
  return RRule.optionsToString(options).replace(/^RRULE:/, "");
}

/** Every occurrence start (a real instant) of a meeting, single or series, within [from, to). */
export function occurrences(m: SeriesTiming, from: Date, to: Date): Date[] {
  if (!m.rrule) return m.startsAt >= from && m.startsAt < to ? [m.startsAt] : [];
  const all = expansion(m, m.rrule);
  if (all) {
    const out: Date[] = [];
    for (let i = firstAtOrAfter(all, from.getTime()); i < all.length && all[i]! < to.getTime(); i++) out.push(new Date(all[i]!));
    return out;
  }
  const rule = floatingRule(m, m.rrule);
  // Widen by a day each side: floating times are off from real ones by at most the zone's offset.
  const dates = rule.between(new Date(from.getTime() - 86_400_000), new Date(to.getTime() + 86_400_000), true);
  return dates.map((d) => fromFloating(d, m.timeZone)).filter((d) => d >= from && d < to);
}

/** All occurrence starts of a series (bounded by MAX_OCCURRENCES). */
export function allOccurrences(m: SeriesTiming): Date[] {
  if (!m.rrule) return [m.startsAt];
  return floatingRule(m, m.rrule).all((_, i) => i < MAX_OCCURRENCES).map((d) => fromFloating(d, m.timeZone));
}

/** Whether `at` is the start of one of the meeting's occurrences. */
export function isOccurrence(m: SeriesTiming, at: Date): boolean {
  return occurrences(m, at, new Date(at.getTime() + 1)).length === 1;
}

export type OccurrenceChange = { occurrenceStart: Date; cancelledAt: Date | null; startsAt: Date | null; durationMinutes: number | null };
export type Series = SeriesTiming & { durationMinutes: number; exceptions: OccurrenceChange[] };
/** One meeting of a series as it stands: `originalStart` is where the rule puts it (RECURRENCE-ID). */
export type Occurrence = { originalStart: Date; startsAt: Date; durationMinutes: number; end: Date; cancelled: boolean; moved: boolean };

/**
 * The meetings of a series starting within [from, to): cancelled ones marked, moved ones at their
 * new time (wherever the rule had them). A single meeting is its own one occurrence.
 */
export function schedule(m: Series, from: Date, to: Date): Occurrence[] {
  const changes = new Map(m.exceptions.map((e) => [e.occurrenceStart.getTime(), e]));
  const out: Occurrence[] = [];
  for (const start of occurrences(m, from, to)) {
    const change = changes.get(start.getTime());
    if (change?.startsAt && !change.cancelledAt) continue; // listed at its new time below
    out.push(occurrence(start, start, m.durationMinutes, !!change?.cancelledAt, false));
  }
  for (const e of m.exceptions) {
    if (!e.startsAt || e.cancelledAt || e.startsAt < from || e.startsAt >= to || !isOccurrence(m, e.occurrenceStart)) continue;
    out.push(occurrence(e.occurrenceStart, e.startsAt, e.durationMinutes ?? m.durationMinutes, false, true));
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The occurrence that `originalStart` names, as it stands now; null when the rule has none there. */
export function occurrenceAt(m: Series, originalStart: Date): Occurrence | null {
  if (!isOccurrence(m, originalStart)) return null;
  const e = m.exceptions.find((x) => x.occurrenceStart.getTime() === originalStart.getTime());
  const moved = !!e?.startsAt && !e.cancelledAt;
  return occurrence(originalStart, moved ? e!.startsAt! : originalStart, (moved && e!.durationMinutes) || m.durationMinutes, !!e?.cancelledAt, moved);
}

/** The meeting on now, or else the next one; cancelled ones are skipped. Null once the series is over. */
export function currentOrNext(m: Series, now: Date): Occurrence | null {
  // A moved meeting may last longer than the series' own length: look back by the longest.
  const longest = Math.max(m.durationMinutes, ...m.exceptions.map((e) => e.durationMinutes ?? 0));
  const from = new Date(now.getTime() - longest * 60_000);
  // Look a week ahead first (the common case, and cheap), then further: anything past a window
  // starts later than whatever the window holds.
  const on = (o: Occurrence) => !o.cancelled && o.end > now;
  return schedule(m, from, new Date(now.getTime() + 8 * 86_400_000)).find(on) ?? schedule(m, from, END_OF_TIME).find(on) ?? null;
}

/** When the last meeting of the series ends, moved ones included (Meeting.endsAt). */
export function seriesEnd(m: Series): Date {
  return new Date(Math.max(...schedule(m, new Date(0), END_OF_TIME).map((o) => o.end.getTime())));
}

function occurrence(originalStart: Date, startsAt: Date, durationMinutes: number, cancelled: boolean, moved: boolean): Occurrence {
  return { originalStart, startsAt, durationMinutes, end: new Date(startsAt.getTime() + durationMinutes * 60_000), cancelled, moved };
}

/** The meeting form's recurrence fields for a stored RRULE (see lib/validation/calendar.ts). */
export function recurrenceToFields(rrule: string | null, timeZone: string) {
  const none = { repeat: "none" as const, interval: 1, weekdays: "", monthlyBy: "date" as const, ends: "count" as const, count: 10, until: "" };
  if (!rrule) return none;
  const o = RRule.parseString(rrule);
  const days = ([] as unknown[]).concat(o.byweekday ?? []).map((d) => (typeof d === "number" ? d : (d as Weekday).weekday));
  const freq = o.freq === RRule.DAILY ? "daily" : o.freq === RRule.WEEKLY ? "weekly" : "monthly";
  return {
    repeat: freq as "daily" | "weekly" | "monthly",
    interval: o.interval ?? 1,
    weekdays: freq === "weekly" ? days.map((d) => WEEKDAYS[d]!).join(",") : "",
    monthlyBy: (freq === "monthly" && days.length ? "weekday" : "date") as "date" | "weekday",
    ends: (o.until ? "until" : "count") as "count" | "until",
    count: o.count ?? 10,
    until: o.until ? DateTime.fromJSDate(o.until, { zone: timeZone }).toISODate()! : "",
  };
}

// Every start of a series, as instants in order, kept per (zone, start, rule): a pure function of
// those, so it never goes stale, and the token route and pages skip re-expanding the rule (issue 15).
// No stored rule yields more than EXPANDED_MAX (daily for MAX_SERIES_DAYS); one that would is
// expanded window by window as before.
const EXPANDED_MAX = MAX_SERIES_DAYS + 2;
const EXPANSIONS_KEPT = 2000;
const expansions = new Map<string, number[] | null>();

function expansion(m: SeriesTiming, rrule: string): number[] | null {
  const key = `${m.timeZone}|${m.startsAt.getTime()}|${rrule}`;
  let all = expansions.get(key);
  if (all === undefined) {
    const dates = floatingRule(m, rrule).all((_, i) => i < EXPANDED_MAX);
    all = dates.length < EXPANDED_MAX ? dates.map((d) => fromFloating(d, m.timeZone).getTime()) : null;
    // A Map iterates in insertion order: the oldest entry goes first.
    if (expansions.size >= EXPANSIONS_KEPT) expansions.delete(expansions.keys().next().value!);
    expansions.set(key, all);
  }
  return all;
}

function firstAtOrAfter(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function floatingRule(m: SeriesTiming, rrule: string): RRule {
  const parsed = RRule.parseString(rrule);
  if (parsed.until) parsed.until = toFloating(parsed.until, m.timeZone);
  return new RRule({ ...parsed, dtstart: toFloating(m.startsAt, m.timeZone) });
}

// A "floating" Date carries the wall-clock fields of `timeZone` in its UTC fields (rrule's convention).
function toFloating(at: Date, timeZone: string): Date {
  const l = DateTime.fromJSDate(at, { zone: timeZone });
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second));
}

function fromFloating(d: Date, timeZone: string): Date {
  const local = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  return DateTime.fromObject(local, { zone: timeZone }).toJSDate();
}

const FREQ = { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY } as const;
const WEEKDAY_OF: Record<WeekdayCode, Weekday> = { MO: RRule.MO, TU: RRule.TU, WE: RRule.WE, TH: RRule.TH, FR: RRule.FR, SA: RRule.SA, SU: RRule.SU };

/** "every week on Monday for 10 times", for mails and the meeting page. */
export function describeRrule(rrule: string): string {
  return new RRule(RRule.parseString(rrule)).toText();
}
