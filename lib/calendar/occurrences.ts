// Changing one meeting of a series (move it, change its length, cancel it) and keeping those
// changes consistent when the whole series is edited. Each change is a MeetingException row keyed
// by the occurrence's place in the rule (its RECURRENCE-ID); Meeting.endsAt follows moved meetings.
import "server-only";
import { DateTime } from "luxon";
import { notifyInvitees } from "@/lib/calendar/invitations";
import { type Occurrence, type Series, type SeriesTiming, isOccurrence, occurrenceAt, schedule, seriesEnd } from "@/lib/calendar/recurrence";
import { loadSeries } from "@/lib/calendar/series";
import { db } from "@/lib/db";
import { type Tx, withinTransaction } from "@/lib/db/transaction";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { DURATION_MAX, START_IN_PAST, startIsAcceptable } from "@/lib/validation/meeting";

const MAX_MOVE_DAYS = 366;

type SeriesMeeting = SeriesTiming & { id: string; durationMinutes: number; endsAt: Date };

/** Moves one meeting of a series and/or changes its length; invitees get an update for that one. */
export async function changeOccurrence(meeting: SeriesMeeting, input: { occurrence: Date; start: string; durationMinutes: number }, now = new Date()): Promise<string> {
  const { series, current } = await liveOccurrence(meeting, input.occurrence, now);
  const startsAt = DateTime.fromISO(input.start, { zone: meeting.timeZone }).toUTC().toJSDate();
  if (!startIsAcceptable(startsAt, now, current.startsAt)) throw new AppError(START_IN_PAST, 422, "invalid", "start");
  if (Math.abs(startsAt.getTime() - current.originalStart.getTime()) > MAX_MOVE_DAYS * 86_400_000) throw new AppError("Move a meeting by a year at most", 422, "invalid", "start");
  const end = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
  // One room serves the series, and people expect one meeting at a time: no overlaps.
  const clash = schedule(series, new Date(startsAt.getTime() - DURATION_MAX * 60_000), end).find(
    (o) => !o.cancelled && o.originalStart.getTime() !== current.originalStart.getTime() && o.startsAt < end && o.end > startsAt,
  );
  if (clash) throw new AppError(`That overlaps the meeting of this series on ${label(clash, meeting.timeZone)}; choose another time`, 422, "invalid", "start");
  if (startsAt.getTime() === current.startsAt.getTime() && input.durationMinutes === current.durationMinutes) return "Nothing changed.";

  const key = { meetingId_occurrenceStart: { meetingId: meeting.id, occurrenceStart: current.originalStart } };
  // Back at the rule's time and length it is an ordinary occurrence again: no exception row.
  const asRule = startsAt.getTime() === current.originalStart.getTime() && input.durationMinutes === meeting.durationMinutes;
  const change = { startsAt, durationMinutes: input.durationMinutes };
  const exceptions = [...series.exceptions.filter((e) => e.occurrenceStart.getTime() !== current.originalStart.getTime()), ...(asRule ? [] : [{ occurrenceStart: current.originalStart, cancelledAt: null, ...change }])];
  await db.$transaction([
    // A cancellation racing this change wins: the update leaves cancelledAt alone.
    asRule ? db.meetingException.deleteMany({ where: { ...key.meetingId_occurrenceStart, cancelledAt: null } }) : db.meetingException.upsert({ where: key, create: { ...key.meetingId_occurrenceStart, ...change }, update: change }),
    db.meeting.update({ where: { id: meeting.id }, data: { endsAt: seriesEnd({ ...series, exceptions }) } }),
  ]);
  await notifyInvitees(meeting.id, "update", { originalStart: current.originalStart, startsAt, durationMinutes: input.durationMinutes });
  return startsAt.getTime() === current.startsAt.getTime()
    ? `The meeting of ${label(current, meeting.timeZone)} now lasts ${input.durationMinutes} minutes.`
    : `The meeting of ${label(current, meeting.timeZone)} now starts ${label({ startsAt }, meeting.timeZone)}.`;
}

/** Cancels one meeting of a series (an EXDATE); invitees get a CANCEL for just that one. Idempotent. */
export async function cancelOccurrence(meeting: SeriesMeeting, occurrence: Date, now = new Date()): Promise<void> {
  const { current } = await liveOccurrence(meeting, occurrence, now, true);
  if (current.cancelled) return;
  const where = { meetingId: meeting.id, occurrenceStart: current.originalStart };
  // Create-or-flip, each guarded, so two racing requests send one cancellation between them.
  const created = await db.meetingException.createMany({ data: [{ ...where, cancelledAt: now }], skipDuplicates: true });
  const changed = created.count === 1 || (await db.meetingException.updateMany({ where: { ...where, cancelledAt: null }, data: { cancelledAt: now } })).count === 1;
  if (changed) await notifyInvitees(meeting.id, "cancel", current);
}

/**
 * Saves an edit of the whole meeting. When its timing changes (first start, rule or zone), moved
 * meetings go back to the new rule and cancellations the new rule no longer has are dropped, as
 * calendar programs do with an updated series; Meeting.endsAt still covers any moved meeting.
 */
export async function updateMeeting(before: SeriesMeeting, data: Omit<Prisma.MeetingUpdateInput, "endsAt"> & SeriesTiming & { durationMinutes: number }, client?: Tx): Promise<void> {
  const { exceptions } = await loadSeries(before);
  const retimed = before.startsAt.getTime() !== data.startsAt.getTime() || before.rrule !== data.rrule || before.timeZone !== data.timeZone;
  const kept = !data.rrule ? [] : retimed ? exceptions.filter((e) => e.cancelledAt && isOccurrence(data, e.occurrenceStart)) : exceptions;
  const dropped = exceptions.filter((e) => !kept.includes(e)).map((e) => e.occurrenceStart);
  await withinTransaction(client, async (tx) => {
    await tx.meetingException.deleteMany({ where: { meetingId: before.id, occurrenceStart: { in: dropped } } });
    await tx.meeting.update({ where: { id: before.id }, data: { ...data, endsAt: seriesEnd({ ...data, exceptions: kept }) } });
  });
}

/** The occurrence the form names, if it is one of this series and not over. */
async function liveOccurrence(meeting: SeriesMeeting, originalStart: Date, now: Date, allowCancelled = false): Promise<{ series: Series; current: Occurrence }> {
  const series = await loadSeries(meeting);
  const current = meeting.rrule ? occurrenceAt(series, originalStart) : null;
  if (!current) throw new AppError("That meeting is not part of this series.", 422);
  if (current.cancelled && !allowCancelled) throw new AppError("That meeting was cancelled; it cannot be changed.", 409, "cancelled");
  if (current.end <= now) throw new AppError("That meeting is already over.", 409, "over");
  return { series, current };
}

const label = (o: { startsAt: Date }, zone: string) => DateTime.fromJSDate(o.startsAt, { zone }).setLocale("en-GB").toFormat("ccc d LLL yyyy, HH:mm");
