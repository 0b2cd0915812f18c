// A series shares one Jitsi room (HMAC of the meeting id), so a token must not be handed out between
// occurrences: the token routes ask here whether one of the series' meetings is on now, from
// JOIN_OPENS_MINUTES_BEFORE its start until its end. A cancelled occurrence is never on.
import "server-only";
import { occurrences } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export async function seriesIsOpen(m: { id: string; startsAt: Date; timeZone: string; rrule: string | null; durationMinutes: number }, now = new Date()): Promise<boolean> {
  if (!m.rrule) return true;
  const from = new Date(now.getTime() - m.durationMinutes * 60_000);
  const to = new Date(now.getTime() + env.JOIN_OPENS_MINUTES_BEFORE * 60_000 + 1);
  const candidates = occurrences(m, from, to);
  if (candidates.length === 0) return false;
  const cancelled = await db.meetingException.count({ where: { meetingId: m.id, occurrenceStart: { in: candidates } } });
  return cancelled < candidates.length;
}
