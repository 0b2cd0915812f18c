// Changing one meeting of a series (move it, change its length, cancel it) and keeping those
// changes consistent when the whole series is edited. Each change is a MeetingException row keyed
// by the occurrence's place in the rule (its RECURRENCE-ID); Meeting.endsAt follows moved meetings.
// Every change locks the meeting's row first, so an edit of the series and a move of one of its
// meetings never interleave (issue 21: 5 in 10 races left the series' end wrong), and an edit saves
// only while the meeting still has the version its form was rendered with.
import "server-only";
import { DateTime } from "luxon";
import { notifyInvitees } from "@/lib/calendar/invitations";
import { type Occurrence, type Series, type SeriesTiming, isOccurrence, occurrenceAt, schedule, seriesEnd } from "@/lib/calendar/recurrence";
import { loadSeries } from "@/lib/calendar/series";
import { db } from "@/lib/db";
import { type Tx, withinTransaction } from "@/lib/db/transaction";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { DURATION_MAX, START_IN_PAST, skippedWallTime, startIsAcceptable } from "@/lib/validation/meeting";

const MAX_MOVE_DAYS = 366;

type SeriesMeeting = SeriesTiming & { id: string; durationMinutes: number; endsAt: Date };
/** An edit: the version its form was rendered with, and who makes it. */
export type Edit = { version: number; by: string | null };
type MeetingChange = Omit<Prisma.MeetingUncheckedUpdateManyInput, "endsAt" | "version" | "updatedById">;

/** Moves one meeting of a series and/or changes its length; invitees get an update for that one. */
export async function changeOccurrence(meeting: Pick<SeriesMeeting, "id">, input: { occurrence: Date; start: string; durationMinutes: number }, edit: Edit, now = new Date()): Promise<string> {
  // The move and its update mail commit together (issue 21: nothing half-done when a process stops).
  return db.$transaction(async (tx) => {
    const done = await moveOccurrence(tx, meeting.id, input, edit, now);
    if (done.notify) await notifyInvitees(meeting.id, "update", done.notify, tx);
    return done.message;
  });
}

async function moveOccurrence(tx: Tx, meetingId: string, input: { occurrence: Date; start: string; durationMinutes: number }, edit: Edit, now: Date) {
  const meeting = await lockMeeting(tx, meetingId, edit);
  const { series, current } = await liveOccurrence(meeting, input.occurrence, now, false, tx);
  const local = DateTime.fromISO(input.start, { zone: meeting.timeZone });
  const gap = skippedWallTime(input.start, local);
  if (gap) throw new AppError(gap, 422, "invalid", "start");
  const startsAt = local.toUTC().toJSDate();
  if (!startIsAcceptable(startsAt, now, current.startsAt)) throw new AppError(START_IN_PAST, 422, "invalid", "start");
  if (Math.abs(startsAt.getTime() - current.originalStart.getTime()) > MAX_MOVE_DAYS * 86_400_000) throw new AppError("Move a meeting by a year at most", 422, "invalid", "start");
  const end = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
  // One room serves the series, and people expect one meeting at a time: no overlaps.
  const clash = schedule(series, new Date(startsAt.getTime() - DURATION_MAX * 60_000), end).find(
    (o) => !o.cancelled && o.originalStart.getTime() !== current.originalStart.getTime() && o.startsAt < end && o.end > startsAt,
  );
  if (clash) throw new AppError(`That overlaps the meeting of this series on ${label(clash, meeting.timeZone)}; choose another time`, 422, "invalid", "start");
  if (startsAt.getTime() === current.startsAt.getTime() && input.durationMinutes === current.durationMinutes) return { message: "Nothing changed.", notify: null };

  const key = { meetingId_occurrenceStart: { meetingId: meeting.id, occurrenceStart: current.originalStart } };
  // Back at the rule's time and length it is an ordinary occurrence again: no exception row.
  const asRule = startsAt.getTime() === current.originalStart.getTime() && input.durationMinutes === meeting.durationMinutes;
  const change = { startsAt, durationMinutes: input.durationMinutes };
  const exceptions = [...series.exceptions.filter((e) => e.occurrenceStart.getTime() !== current.originalStart.getTime()), ...(asRule ? [] : [{ occurrenceStart: current.originalStart, cancelledAt: null, ...change }])];
  // A cancellation is never undone by a move: the delete skips it, the update leaves cancelledAt alone.
  if (asRule) await tx.meetingException.deleteMany({ where: { ...key.meetingId_occurrenceStart, cancelledAt: null } });
  else await tx.meetingException.upsert({ where: key, create: { ...key.meetingId_occurrenceStart, ...change }, update: change });
  await saveMeeting(tx, meeting.id, edit, { endsAt: seriesEnd({ ...series, exceptions }) });
  return {
    notify: { originalStart: current.originalStart, startsAt, durationMinutes: input.durationMinutes },
    message:
      startsAt.getTime() === current.startsAt.getTime()
        ? `The meeting of ${label(current, meeting.timeZone)} now lasts ${input.durationMinutes} minutes.`
        : `The meeting of ${label(current, meeting.timeZone)} now starts ${label({ startsAt }, meeting.timeZone)}.`,
  };
}

/** Cancels one meeting of a series (an EXDATE); invitees get a CANCEL for just that one. Idempotent. */
export async function cancelOccurrence(meeting: Pick<SeriesMeeting, "id">, occurrence: Date, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const { current } = await liveOccurrence(await lockMeeting(tx, meeting.id, null), occurrence, now, true, tx);
    if (current.cancelled) return;
    const where = { meetingId: meeting.id, occurrenceStart: current.originalStart };
    // Create-or-flip, each guarded, so two racing requests send one cancellation between them.
    const created = await tx.meetingException.createMany({ data: [{ ...where, cancelledAt: now }], skipDuplicates: true });
    const changed = created.count === 1 || (await tx.meetingException.updateMany({ where: { ...where, cancelledAt: null }, data: { cancelledAt: now } })).count === 1;
    if (changed) await notifyInvitees(meeting.id, "cancel", current, tx);
  });
}

/**
 * Saves an edit of the whole meeting. When its timing changes (first start, rule or zone), moved
 * meetings go back to the new rule and cancellations the new rule no longer has are dropped, as
 * calendar programs do with an updated series; Meeting.endsAt still covers any moved meeting.
 * `client`: the caller's transaction, so the save commits with its mails and audit entry.
 */
export async function updateMeeting(meeting: Pick<SeriesMeeting, "id">, data: MeetingChange & SeriesTiming & { durationMinutes: number }, edit: Edit, client?: Tx): Promise<void> {
  await withinTransaction(client, async (tx) => {
    const before = await lockMeeting(tx, meeting.id, edit, data);
    const { exceptions } = await loadSeries(before, tx);
    const retimed = before.startsAt.getTime() !== data.startsAt.getTime() || before.rrule !== data.rrule || before.timeZone !== data.timeZone;
    const kept = !data.rrule ? [] : retimed ? exceptions.filter((e) => e.cancelledAt && isOccurrence(data, e.occurrenceStart)) : exceptions;
    const dropped = exceptions.filter((e) => !kept.includes(e)).map((e) => e.occurrenceStart);
    await tx.meetingException.deleteMany({ where: { meetingId: before.id, occurrenceStart: { in: dropped } } });
    await saveMeeting(tx, before.id, edit, { ...data, endsAt: seriesEnd({ ...data, exceptions: kept }) });
  });
}

const lockedSelect = { id: true, startsAt: true, endsAt: true, durationMinutes: true, timeZone: true, rrule: true, version: true } as const;

/**
 * Locks the meeting's row for the rest of the transaction and reads it: the edit of a series and the
 * changes of its meetings run one after the other. With an edit, one whose form is out of date is refused.
 */
async function lockMeeting(tx: Tx, id: string, edit: Edit | null, submitted?: MeetingChange) {
  const [locked] = await tx.$queryRaw<{ version: number }[]>`select version from "Meeting" where id = ${id}::uuid for update`;
  if (!locked) throw new AppError("That meeting does not exist.", 404, "not_found");
  if (edit && locked.version !== edit.version) throw await staleEdit(tx, id, submitted);
  return tx.meeting.findUniqueOrThrow({ where: { id }, select: lockedSelect });
}

/** Compare-and-set: the write goes through only at the version the edit started from, and raises it. */
async function saveMeeting(tx: Tx, id: string, edit: Edit, data: Omit<Prisma.MeetingUncheckedUpdateManyInput, "version" | "updatedById">) {
  const saved = await tx.meeting.updateMany({ where: { id, version: edit.version }, data: { ...data, version: { increment: 1 }, updatedById: edit.by } });
  if (saved.count === 0) throw await staleEdit(tx, id);
}

const FIELD_LABELS = { title: "title", description: "description", startsAt: "start", durationMinutes: "length", timeZone: "time zone", rrule: "repetition", lobby: "lobby", e2ee: "encryption", recordingAllowed: "recording", reminderMinutes: "reminder" } as const;

/** 409 that says who changed the meeting, when, and where it now differs from the refused form. */
async function staleEdit(tx: Tx, id: string, submitted?: MeetingChange): Promise<AppError> {
  const now = await tx.meeting.findUniqueOrThrow({ where: { id }, select: { ...lockedSelect, title: true, description: true, lobby: true, e2ee: true, recordingAllowed: true, reminderMinutes: true, updatedAt: true, updatedBy: { select: { name: true } } } });
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  const differs = submitted ? (Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]).filter((k) => k in submitted && !same(now[k], submitted[k])).map((k) => FIELD_LABELS[k]) : [];
  return new AppError(
    `${now.updatedBy?.name ?? "Someone"} changed this meeting (${label({ startsAt: now.updatedAt }, now.timeZone)}, ${now.timeZone}) after this form was opened` +
      `${differs.length ? `; it now differs from yours in: ${differs.join(", ")}` : ""}. Nothing was saved: reload the page to see the change, then make yours again.`,
    409,
    "conflict",
  );
}

/** The occurrence the form names, if it is one of this series and not over. */
async function liveOccurrence(meeting: SeriesMeeting, originalStart: Date, now: Date, allowCancelled: boolean, tx: Tx): Promise<{ series: Series; current: Occurrence }> {
  const series = await loadSeries(meeting, tx);
  const current = meeting.rrule ? occurrenceAt(series, originalStart) : null;
  if (!current) throw new AppError("That meeting is not part of this series.", 422);
  if (current.cancelled && !allowCancelled) throw new AppError("That meeting was cancelled; it cannot be changed.", 409, "cancelled");
  if (current.end <= now) throw new AppError("That meeting is already over.", 409, "over");
  return { series, current };
}

const label = (o: { startsAt: Date }, zone: string) => DateTime.fromJSDate(o.startsAt, { zone }).setLocale("en-GB").toFormat("ccc d LLL yyyy, HH:mm");
