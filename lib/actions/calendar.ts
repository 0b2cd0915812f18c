"use server";
// Email invitations, changing or cancelling one meeting of a series, and the private calendar feed.
import { revalidatePath } from "next/cache";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { createFeed, revokeFeeds } from "@/lib/calendar/feed";
import { inviteByEmail, removeInvitation } from "@/lib/calendar/invitations";
import { cancelOccurrence, changeOccurrence } from "@/lib/calendar/occurrences";
import { type ActionResult, AppError, formVersion, run, submitForm } from "@/lib/errors";
import { invitationId as invitationIdSchema, inviteesInput } from "@/lib/validation/calendar";
import { occurrenceInput } from "@/lib/validation/meeting";
import { queueMeetingWebhook } from "@/lib/webhooks/meeting-events";

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

/** Takes one person off the meeting (their link revoked, a cancellation mailed if they had mail). */
export async function removeInvitationAction(meetingId: string, invitationId: string): Promise<ActionResult> {
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    const id = invitationIdSchema.safeParse(invitationId);
    if (!id.success) throw new AppError("That person is not invited to this meeting.", 404, "not_found");
    await removeInvitation(meeting.id, user, id.data);
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Cancels one meeting of a series; the rest stays. */
export async function cancelOccurrenceAction(meetingId: string, occurrenceIso: string): Promise<ActionResult> {
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "cancel");
    const occurrence = occurrenceInput.shape.occurrence.safeParse(occurrenceIso);
    if (!occurrence.success) throw new AppError("That meeting is not part of this series.", 422);
    await cancelOccurrence(meeting, occurrence.data);
    await queueMeetingWebhook("meeting.changed", meeting.id, { change: `cancel ${occurrence.data.toISOString()}` });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Moves one meeting of a series or changes its length; the rest stays. */
export async function changeOccurrenceAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  const result = await submitForm(occurrenceInput, form, async (input) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "edit");
    const changed = await changeOccurrence(meeting, input, { version: formVersion(form), by: user.id });
    await queueMeetingWebhook("meeting.changed", meeting.id, { change: `change ${JSON.stringify(input)}` });
    return changed;
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
