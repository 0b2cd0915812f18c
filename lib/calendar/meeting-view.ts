// What the meeting page shows of invitations (delivery state of each person's latest mail) and of a series.
import "server-only";
import { DateTime } from "luxon";
import { END_OF_TIME, type Series, schedule } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { mailSender } from "@/lib/mail/transport";
import { DURATION_MAX } from "@/lib/validation/meeting";

export async function invitationRows(meetingId: string) {
  const rows = await db.invitation.findMany({
    where: { meetingId },
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, messages: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, attempts: true, lastError: true } } },
  });
  const canSend = mailSender() !== null;
  return rows.map(({ messages: [m], ...r }) => ({
    ...r,
    status: m ? deliveryStatus(m, canSend) : "no mail",
    error: m?.status === "PENDING" ? m.lastError : null,
  }));
}

type Delivery = { status: "PENDING" | "SENT"; attempts: number; lastError: string | null };

/** A mail's state as its sender reads it. `attempts` counts tries begun, so one without an error is under way, not failed. */
export function deliveryStatus(m: Delivery, canSend: boolean): string {
  if (m.status === "SENT") return "sent";
  if (!canSend) return "not sent (no mail server configured)";
  if (m.attempts === 0) return "queued";
  if (!m.lastError) return "sending";
  return `not delivered yet, trying again (${m.attempts === 1 ? "1 attempt failed" : `${m.attempts} attempts failed`})`;
}

/**
 * The next occurrences of a series, as the page lists them: cancelled ones marked, moved ones at their
 * new time. The page shows them in the viewer's zone, as the heading above them; `label` (organiser's
 * zone, named) only tells buttons and confirmations apart.
 */
export function upcomingOccurrences(series: Series, count = 12) {
  const now = new Date();
  const label = (d: Date) => DateTime.fromJSDate(d, { zone: series.timeZone }).setLocale("en-GB").toFormat("ccc d LLL yyyy, HH:mm ZZZZ");
  return schedule(series, new Date(now.getTime() - DURATION_MAX * 60_000), END_OF_TIME)
    .filter((o) => o.end > now)
    .slice(0, count)
    .map((o) => ({
      iso: o.originalStart.toISOString(),
      startIso: o.startsAt.toISOString(),
      label: label(o.startsAt),
      movedFrom: o.moved ? o.originalStart.toISOString() : null,
      // The edit form's values: wall-clock start in the organiser's zone, and the length.
      start: DateTime.fromJSDate(o.startsAt, { zone: series.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm"),
      durationMinutes: o.durationMinutes,
      cancelled: o.cancelled,
    }));
}
