"use server";
// Email invitations, cancelling one occurrence of a series, and the private calendar feed.
import { revalidatePath } from "next/cache";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { createFeed, revokeFeeds } from "@/lib/calendar/feed";
import { inviteByEmail, notifyInvitees } from "@/lib/calendar/invitations";
import { isOccurrence } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { type ActionResult, AppError, run, submitForm } from "@/lib/errors";
import { inviteesInput } from "@/lib/validation/calendar";

export async function inviteByEmailAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  const result = await submitForm(inviteesInput, form, async (input) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    const { invited, skipped } = await inviteByEmail(meeting, user, input);
    return `${invited} invitation${invited === 1 ? "" : "s"} queued${skipped ? `, ${skipped} already invited` : ""}.`;
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Cancels one occurrence of a series (an EXDATE); invitees get a CANCEL for just that one. */
export async function cancelOccurrenceAction(meetingId: string, occurrenceIso: string): Promise<ActionResult> {
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "cancel");
    const occurrence = new Date(occurrenceIso);
    if (!meeting.rrule || Number.isNaN(occurrence.getTime()) || !isOccurrence(meeting, occurrence)) throw new AppError("That meeting is not part of this series.", 422);
    const created = await db.meetingException.createMany({ data: [{ meetingId: meeting.id, occurrenceStart: occurrence }], skipDuplicates: true });
    if (created.count === 1) await notifyInvitees(meeting.id, "cancel", occurrence);
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** A new feed URL, shown once; earlier ones stop working (one live feed per person). */
export async function createFeedAction(): Promise<ActionResult<string>> {
  const user = await requireUser();
  return run(async () => {
    await revokeFeeds(user.id);
    return createFeed(user.id);
  });
}

export async function revokeFeedAction(): Promise<ActionResult> {
  const user = await requireUser();
  const result = await run(() => revokeFeeds(user.id));
  if (result.ok) revalidatePath("/calendar");
  return result;
}
