// A meeting's occurrences as they stand (rule + cancelled and moved ones), and when it may be joined.
// A series shares one Jitsi room (HMAC of the meeting id), so a token must not be handed out between
// its meetings: only from JOIN_OPENS_MINUTES_BEFORE a meeting's start until its end. A cancelled
// occurrence is never on; a moved one is on at its new time.
import "server-only";
import { type Occurrence, type Series, type SeriesTiming, currentOrNext } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/lib/env";

type SeriesMeeting = SeriesTiming & { id: string; durationMinutes: number; endsAt: Date };

/** The meeting with its changed occurrences attached (none to load for a single meeting); `tx` inside a transaction. */
export async function loadSeries<M extends SeriesMeeting>(m: M, tx: Pick<Prisma.TransactionClient, "meetingException"> = db): Promise<M & Series> {
  const exceptions = m.rrule
    ? await tx.meetingException.findMany({ where: { meetingId: m.id }, select: { occurrenceStart: true, cancelledAt: true, startsAt: true, durationMinutes: true } })
    : [];
  return { ...m, exceptions };
}

/** `closesAt`: when the room of the meeting on now (or next) closes, ROOM_CLOSES_MINUTES_AFTER_END after its end. */
export type JoinWindow = { state: "open" | "early"; opensAt: Date; closesAt: Date; occurrence: Occurrence } | { state: "over" };

/**
 * Whether the meeting is on: a single meeting opens JOIN_OPENS_MINUTES_BEFORE its start (and stays
 * open; its links expire), a series for each of its meetings in turn and is over after the last.
 */
export async function joinWindow(m: SeriesMeeting, now = new Date()): Promise<JoinWindow> {
  return windowOf(await loadSeries(m), now);
}

/** joinWindow() for a series already loaded (a page that also lists its meetings reads it once). */
export function windowOf(m: Series & { endsAt: Date }, now = new Date()): JoinWindow {
  const occurrence = m.rrule ? currentOrNext(m, now) : { originalStart: m.startsAt, startsAt: m.startsAt, durationMinutes: m.durationMinutes, end: m.endsAt, cancelled: false, moved: false };
  if (!occurrence) return { state: "over" };
  const opensAt = new Date(occurrence.startsAt.getTime() - env.JOIN_OPENS_MINUTES_BEFORE * 60_000);
  const closesAt = new Date(occurrence.end.getTime() + env.ROOM_CLOSES_MINUTES_AFTER_END * 60_000);
  return { state: now < opensAt ? "early" : "open", opensAt, closesAt, occurrence };
}

/** The meeting's room has closed after its scheduled end: no token for it (the organiser may move the end). */
export const roomClosed = (when: JoinWindow, now = new Date()) => when.state !== "over" && now >= when.closesAt;

export const SERIES_OVER = "This series has ended.";
export const MEETING_CLOSED = "This meeting is over: its room closed after the scheduled end. The organiser can extend it by moving the end.";
export const SERIES_CLOSED = "No meeting of this series is on now. Come back shortly before the next one.";
