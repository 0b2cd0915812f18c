// iCalendar (RFC 5545/5546) text for invitations, updates, cancellations and the calendar feed.
// Written by hand on purpose: the format is small, and the generator libraries either omit
// VTIMEZONE or pull in a zone database; luxon already knows every zone's transitions.
import { DateTime } from "luxon";
import { type Occurrence, allOccurrences } from "@/lib/calendar/recurrence";

export type IcsEvent = {
  uid: string;
  sequence: number;
  title: string;
  description: string;
  url: string;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  rrule: string | null;
  /** Cancelled occurrences of a series (EXDATE). */
  exdates: Date[];
  /** Moved occurrences of a series: each written as its own VEVENT with a RECURRENCE-ID. */
  moved: MovedOccurrence[];
  organizer: { name: string; email: string };
  attendee?: { email: string; name: string };
  /** This event is one occurrence only (RECURRENCE-ID); `startsAt` and `durationMinutes` are its own. */
  recurrenceId?: Date;
  cancelled?: boolean;
};
/** One occurrence as calendars need it: where the rule had it, where it is now, and how long. */
export type MovedOccurrence = Pick<Occurrence, "originalStart" | "startsAt" | "durationMinutes">;

/** One occurrence of a series as its own event: how a change or cancellation of just that one is sent. */
export function instanceEvent(e: IcsEvent, o: MovedOccurrence, cancelled = false): IcsEvent {
  return { ...e, rrule: null, exdates: [], moved: [], recurrenceId: o.originalStart, startsAt: o.startsAt, durationMinutes: o.durationMinutes, cancelled };
}

export type IcsMethod = "REQUEST" | "CANCEL" | null;

export function buildCalendar(method: IcsMethod, events: IcsEvent[], now = new Date()): string {
  const zones = [...new Set(events.map((e) => e.timeZone))];
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//meeting-portal//calendar//EN",
    "CALSCALE:GREGORIAN",
    ...(method ? [`METHOD:${method}`] : []),
    ...zones.flatMap((z) => vtimezone(z, events.filter((e) => e.timeZone === z))),
    ...events.flatMap((e) => [e, ...e.moved.map((o) => instanceEvent(e, o))]).flatMap((e) => vevent(e, now)),
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

function vevent(e: IcsEvent, now: Date): string[] {
  const end = new Date(e.startsAt.getTime() + e.durationMinutes * 60_000);
  return [
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART;TZID=${e.timeZone}:${local(e.startsAt, e.timeZone)}`,
    `DTEND;TZID=${e.timeZone}:${local(end, e.timeZone)}`,
    ...(e.recurrenceId ? [`RECURRENCE-ID;TZID=${e.timeZone}:${local(e.recurrenceId, e.timeZone)}`] : []),
    ...(e.rrule ? [`RRULE:${e.rrule}`] : []),
    ...(e.rrule && e.exdates.length ? [`EXDATE;TZID=${e.timeZone}:${e.exdates.map((d) => local(d, e.timeZone)).join(",")}`] : []),
    `SUMMARY:${text(e.title)}`,
    `DESCRIPTION:${text(e.description ? `${e.description}\n\nJoin: ${e.url}` : `Join: ${e.url}`)}`,
    `URL:${e.url}`,
    `LOCATION:${text(e.url)}`,
    `ORGANIZER;CN=${param(e.organizer.name)}:mailto:${e.organizer.email}`,
    ...(e.attendee ? [`ATTENDEE;CN=${param(e.attendee.name || e.attendee.email)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${e.attendee.email}`] : []),
    `STATUS:${e.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
  ];
}

/** The zone's offset changes over the span the events cover, each as an explicit STANDARD/DAYLIGHT. */
function vtimezone(zone: string, events: IcsEvent[]): string[] {
  const starts = events.flatMap((e) => [...allOccurrences(e), ...(e.recurrenceId ? [e.recurrenceId] : []), ...e.moved.flatMap((o) => [o.startsAt, o.originalStart])]);
  const from = DateTime.fromJSDate(new Date(Math.min(...starts.map(Number))), { zone }).startOf("year");
  const to = DateTime.fromJSDate(new Date(Math.max(...starts.map(Number))), { zone }).endOf("year");
  const parts: string[] = [];
  let before = from.minus({ days: 1 });
  parts.push(...observance(before.offset, from.offset, from, from.isInDST));
  for (let day = from; day <= to; day = day.plus({ days: 1 })) {
    if (day.offset === before.offset) { before = day; continue; }
    // Find the exact minute of the change within the last day.
    let lo = before.toMillis(), hi = day.toMillis();
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (DateTime.fromMillis(mid, { zone }).offset === before.offset) lo = mid; else hi = mid;
    }
    const at = DateTime.fromMillis(hi, { zone });
    // DTSTART of an observance is local time in the offset *before* the change (RFC 5545 3.6.5).
    parts.push(...observance(before.offset, at.offset, at.setZone(offsetZone(before.offset)), at.isInDST));
    before = day;
  }
  return ["BEGIN:VTIMEZONE", `TZID:${zone}`, ...parts, "END:VTIMEZONE"];
}

function observance(fromOffset: number, toOffset: number, at: DateTime, dst: boolean): string[] {
  const kind = dst ? "DAYLIGHT" : "STANDARD";
  return [`BEGIN:${kind}`, `DTSTART:${at.toFormat("yyyyMMdd'T'HHmmss")}`, `TZOFFSETFROM:${offset(fromOffset)}`, `TZOFFSETTO:${offset(toOffset)}`, `END:${kind}`];
}

const offsetZone = (minutes: number) => `UTC${minutes >= 0 ? "+" : "-"}${Math.floor(Math.abs(minutes) / 60)}${Math.abs(minutes) % 60 ? `:${String(Math.abs(minutes) % 60).padStart(2, "0")}` : ""}`;
const offset = (minutes: number) => `${minutes >= 0 ? "+" : "-"}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0")}${String(Math.abs(minutes) % 60).padStart(2, "0")}`;
const utc = (d: Date) => DateTime.fromJSDate(d, { zone: "UTC" }).toFormat("yyyyMMdd'T'HHmmss'Z'");
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat("yyyyMMdd'T'HHmmss");
// TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11).
const text = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
// Parameter values are quoted and may hold neither quotes nor control characters.
const param = (s: string) => `"${s.replace(/["\p{Cc}]/gu, "")}"`;

/** Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let chunk = "";
  for (const ch of line) {
    if (Buffer.byteLength(chunk + ch) > (out.length ? 74 : 75)) { out.push(chunk); chunk = ""; }
    chunk += ch;
  }
  out.push(chunk);
  return out.join("\r\n ");
}
