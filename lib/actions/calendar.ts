"use server";
// Email invitations, changing or cancelling one meeting of a series, and the private calendar feed.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { createFeed, revokeFeeds } from "@/lib/calendar/feed";
import { inviteByEmail, removeInvitation } from "@/lib/calendar/invitations";
import { cancelOccurrence, changeOccurrence } from "@/lib/calendar/occurrences";
import { once } from "@/lib/db/idempotency";
import { type ActionResult, formVersion, parseArgs, run, submitForm } from "@/lib/errors";
import { formArg, idempotencyKey, previousResult } from "@/lib/validation/action-args";
import { invitationId, inviteesInput } from "@/lib/validation/calendar";
import { meetingId as meetingIdSchema, occurrenceInput } from "@/lib/validation/meeting";
import { queueMeetingWebhook } from "@/lib/webhooks/meeting-events";

export async function inviteByEmailAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const args = parseArgs(z.tuple([meetingIdSchema, previousResult, formArg]), [meetingId, _prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await submitForm(inviteesInput, form, async (input) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    // A replay of the same form shows the first answer and mails nobody again.
    return once(user.id, "invitation.send", idempotencyKey.parse(form.get("idempotencyKey") ?? undefined), async (tx) => {
      const { invited, skipped } = await inviteByEmail(meeting, user, input, tx);
      return `${invited} invitation${invited === 1 ? "" : "s"} queued${skipped ? `, ${skipped} already invited` : ""}.`;
    });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Takes one person off the meeting (their link revoked, a cancellation mailed if they had mail). */
export async function removeInvitationAction(meetingId: string, invitation: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([meetingIdSchema, invitationId]), [meetingId, invitation]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    await removeInvitation(meeting.id, user, args.data[1]);
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Cancels one meeting of a series; the rest stays. */
export async function cancelOccurrenceAction(meetingId: string, occurrenceIso: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([meetingIdSchema, occurrenceInput.shape.occurrence]), [meetingId, occurrenceIso]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "cancel");
    await cancelOccurrence(meeting, args.data[1]);
    await queueMeetingWebhook("meeting.changed", meeting.id, { change: `cancel ${args.data[1].toISOString()}` });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Moves one meeting of a series or changes its length; the rest stays. */
export async function changeOccurrenceAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const args = parseArgs(z.tuple([meetingIdSchema, previousResult, formArg]), [meetingId, _prev, form]);
  if (!args.ok) return args;
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
export async function createFeedAction(...rest: unknown[]): Promise<ActionResult<string>> {
  const args = parseArgs(z.tuple([]), rest);
  if (!args.ok) return args;
  const user = await requireUser();
  return run(async () => {
    await revokeFeeds(user.id);
    return createFeed(user.id);
  });
}

export async function revokeFeedAction(...rest: unknown[]): Promise<ActionResult> {
  const args = parseArgs(z.tuple([]), rest);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await run(() => revokeFeeds(user.id));
  if (result.ok) revalidatePath("/calendar");
  return result;
}
