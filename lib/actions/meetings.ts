"use server";
// Schedule, edit and cancel meetings: parse → authorize → write (one transaction with its mails and
// audit entry) → revalidate.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { canSchedule } from "@/lib/access/meetings";
import { authorizeMeeting, loadMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { audit } from "@/lib/audit";
import { cancelMeeting } from "@/lib/calendar/cancel";
import { inviteByEmail, notifyInvitees, sortInvitees } from "@/lib/calendar/invitations";
import { updateMeeting } from "@/lib/calendar/occurrences";
import { db } from "@/lib/db";
import { once } from "@/lib/db/idempotency";
import { type ActionResult, AppError, formVersion, parseArgs, run, submitForm } from "@/lib/errors";
import { formArg, idempotencyKey, previousResult } from "@/lib/validation/action-args";
import { optionalInvitees } from "@/lib/validation/calendar";
import { START_IN_PAST, formDataToObject, meetingId as meetingIdSchema, meetingInput, startIsAcceptable } from "@/lib/validation/meeting";
import { queueMeetingWebhook } from "@/lib/webhooks/meeting-events";

export async function createMeetingAction(_prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const args = parseArgs(z.tuple([previousResult, formArg]), [_prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  if (!canSchedule(user)) return { ok: false, error: "Your account may not schedule meetings. Ask an administrator.", values: formDataToObject(form) };
  const result = await submitForm(meetingInput, form, async ({ start: _start, ...data }) => {
    if (!startIsAcceptable(data.startsAt, new Date())) throw pastStart();
    // Everyone invited while scheduling is checked before the meeting exists, so a refusal loses nothing.
    const invitees = optionalInvitees(form.get("invitees"));
    if (!invitees.success) throw new AppError(invitees.error.issues[0]!.message, 422, "invalid", "invitees");
    if (invitees.data) await sortInvitees(user, invitees.data.invitees);
    // The meeting, its invitations, their mails, the audit entry and the webhook event: all or nothing, and once per form.
    return once(user.id, "meeting.create", idempotencyKey.parse(form.get("idempotencyKey") ?? undefined), async (tx) => {
      const meeting = await tx.meeting.create({ data: { ...data, ownerId: user.id } });
      if (invitees.data) await inviteByEmail(meeting, user, invitees.data, tx);
      await audit(user, "meeting.create", { meetingId: meeting.id }, tx);
      await queueMeetingWebhook("meeting.scheduled", meeting.id, { client: tx });
      return meeting.id;
    });
  });
  if (!result.ok) return result;
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data}`);
}

export async function updateMeetingAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const args = parseArgs(z.tuple([meetingIdSchema, previousResult, formArg]), [meetingId, _prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await submitForm(meetingInput, form, async ({ start: _start, ...data }) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "edit");
    if (!startIsAcceptable(data.startsAt, new Date(), meeting.startsAt)) throw pastStart();
    await db.$transaction(async (tx) => {
      await updateMeeting(meeting, data, { version: formVersion(form), by: user.id }, tx);
      // Only queues mail (with SEQUENCE raised); the worker sends it, so saving never waits on SMTP.
      await notifyInvitees(meeting.id, "update", undefined, tx);
      await audit(user, "meeting.update", { meetingId: meeting.id }, tx);
      await queueMeetingWebhook("meeting.changed", meeting.id, { client: tx });
    });
    return meeting.id;
  });
  if (!result.ok) return result;
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data}`);
}

/** Cancels the whole meeting (lib/calendar/cancel.ts); cancelling again is a success that does nothing. */
export async function cancelMeetingAction(meetingId: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([meetingIdSchema]), [meetingId]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await run(async () => {
    // A retry (a double click, a reload after a timeout) finds the whole cancellation already done.
    const seen = await loadMeeting(user, meetingId, "view");
    if (typeof seen !== "string" && seen.meeting.cancelledAt && seen.role === "owner") return;
    const { meeting } = await authorizeMeeting(user, meetingId, "cancel");
    await cancelMeeting(user, meeting.id);
  });
  if (result.ok) revalidatePath("/meetings");
  return result;
}

const pastStart = () => new AppError(START_IN_PAST, 422, "invalid", "start");
