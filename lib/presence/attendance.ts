// Attendance: a meeting's connections kept after they end, when its organiser switched attendance on
// and site policy allows it. Without that, a connection is kept only long enough to make repeated
// or late events harmless (lib/presence/events.ts), then purged.
import "server-only";
import { DateTime } from "luxon";
import { db } from "@/lib/db";
import type { SiteSettings } from "@/lib/settings";
import { MAX_EVENT_AGE_SECONDS } from "@/lib/validation/prosody-events";

const DAY_MS = 86_400_000;
// Past the age at which events are refused as stale, a closed connection can no longer be reopened.
const PRESENCE_ONLY_MS = 2 * MAX_EVENT_AGE_SECONDS * 1000;
// A connection Prosody never closed (it crashed, so neither "left" nor "destroyed" came) stops counting.
const GHOST_MS = 2 * DAY_MS;

export const keepsAttendance = (meeting: { attendance: boolean }, settings: Pick<SiteSettings, "attendanceAllowed">) => meeting.attendance && settings.attendanceAllowed;

export async function purgeConferenceSessions(now: Date, settings: SiteSettings): Promise<number> {
  const presenceOnly = new Date(now.getTime() - PRESENCE_ONLY_MS);
  const retention = new Date(now.getTime() - settings.attendanceRetentionDays * DAY_MS);
  const { count } = await db.conferenceSession.deleteMany({
    where: {
      OR: [
        { leftAt: { lt: retention } },
        { leftAt: { lt: presenceOnly }, ...(settings.attendanceAllowed ? { meeting: { attendance: false } } : {}) },
        { leftAt: null, joinedAt: { lt: new Date(now.getTime() - GHOST_MS) } },
      ],
    },
  });
  return count;
}

/** The organiser's download: one row per connection, people by name, guests by their link. */
export async function attendanceCsv(meeting: { id: string; timeZone: string }, now = new Date()): Promise<string> {
  const rows = await db.conferenceSession.findMany({
    where: { meetingId: meeting.id },
    orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    select: { joinedAt: true, leftAt: true, user: { select: { name: true } }, link: { select: { label: true } } },
  });
  const time = (d: Date) => DateTime.fromJSDate(d, { zone: meeting.timeZone }).toISO({ suppressMilliseconds: true })!;
  const lines = [["Person or link", "Joined", "Left", "Minutes"]];
  for (const r of rows) {
    const who = r.user?.name ?? `Guest via ${r.link?.label || "an invite link"}`;
    const minutes = Math.round(((r.leftAt ?? now).getTime() - r.joinedAt.getTime()) / 60_000);
    lines.push([who, time(r.joinedAt), r.leftAt ? time(r.leftAt) : "still in", String(minutes)]);
  }
  return lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// RFC 4180 quoting, and a leading quote mark for what a spreadsheet would run as a formula.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
