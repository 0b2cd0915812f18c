// What the meeting page shows of invitations (delivery state of each person's latest mail) and of a series.
import "server-only";
import { DateTime } from "luxon";
import { occurrences } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { mailSender } from "@/lib/mail/transport";

export async function invitationRows(meetingId: string) {
  const rows = await db.invitation.findMany({
    where: { meetingId },
    orderBy: { createdAt: "asc" },
    select: { email: true, name: true, messages: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, attempts: true, lastError: true } } },
  });
  const canSend = mailSender() !== null;
  return rows.map(({ messages: [m], ...r }) => ({
    ...r,
    status: !m ? "no mail" : m.status === "SENT" ? "sent" : !canSend ? "not sent (no mail server configured)" : m.attempts > 0 ? `retrying (${m.attempts} attempts)` : "queued",
    error: m?.status === "PENDING" ? m.lastError : null,
  }));
}

/** The next occurrences of a series, as the page lists them, with the cancelled ones marked. */
export async function upcomingOccurrences(m: { id: string; startsAt: Date; timeZone: string; rrule: string | null; durationMinutes: number }, count = 12) {
  const exceptions = new Set((await db.meetingException.findMany({ where: { meetingId: m.id }, select: { occurrenceStart: true } })).map((e) => e.occurrenceStart.getTime()));
  const from = new Date(Date.now() - m.durationMinutes * 60_000);
  return occurrences(m, from, new Date(from.getTime() + 2 * 366 * 86_400_000))
    .slice(0, count)
    .map((d) => ({ iso: d.toISOString(), label: DateTime.fromJSDate(d, { zone: m.timeZone }).setLocale("en-GB").toFormat("ccc d LLL yyyy, HH:mm ZZZZ"), cancelled: exceptions.has(d.getTime()) }));
}
