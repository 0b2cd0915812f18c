"use server";
// Schedule, edit and cancel meetings: parse → authorize → write → revalidate.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { canSchedule } from "@/lib/access/meetings";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { inviteByEmail, notifyInvitees, sortInvitees } from "@/lib/calendar/invitations";
import { updateMeeting } from "@/lib/calendar/occurrences";
import { db } from "@/lib/db";
import { type ActionResult, AppError, formVersion, run, submitForm } from "@/lib/errors";
import { optionalInvitees } from "@/lib/validation/calendar";
import { START_IN_PAST, formDataToObject, meetingInput, startIsAcceptable } from "@/lib/validation/meeting";
import { queueMeetingWebhook } from "@/lib/webhooks/meeting-events";

export async function createMeetingAction(_prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  if (!canSchedule(user)) return { ok: false, error: "Your account may not schedule meetings. Ask an administrator.", values: formDataToObject(form) };
  const result = await submitForm(meetingInput, form, async ({ start: _start, ...data }) => {
    if (!startIsAcceptable(data.startsAt, new Date())) throw pastStart();
    // Everyone invited while scheduling is checked before the meeting exists, so a refusal loses nothing.
    const invitees = optionalInvitees(form.get("invitees"));
    if (!invitees.success) throw new AppError(invitees.error.issues[0]!.message, 422, "invalid", "invitees");
    if (invitees.data) await sortInvitees(user, invitees.data.invitees);
    const meeting = await db.meeting.create({ data: { ...data, ownerId: user.id } });
    if (invitees.data) await inviteByEmail(meeting, user, invitees.data);
    await queueMeetingWebhook("meeting.scheduled", meeting.id);
    return meeting.id;
  });
  if (!result.ok) return result;
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data}`);
}

export async function updateMeetingAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  const result = await submitForm(meetingInput, form, async ({ start: _start, ...data }) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "edit");
    if (!startIsAcceptable(data.startsAt, new Date(), meeting.startsAt)) throw pastStart();
    await updateMeeting(meeting, data, { version: formVersion(form), by: user.id });
    // Only queues mail (with SEQUENCE raised); the worker sends it, so saving never waits on SMTP.
    await notifyInvitees(meeting.id, "update");
    await queueMeetingWebhook("meeting.changed", meeting.id);
    return meeting.id;
  });
  if (!result.ok) return result;
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data}`);
}

export async function cancelMeetingAction(meetingId: string): Promise<ActionResult> {
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "cancel");
    await db.meeting.update({ where: { id: meeting.id }, data: { cancelledAt: new Date() } });
    await notifyInvitees(meeting.id, "cancel");
    await queueMeetingWebhook("meeting.cancelled", meeting.id);
  });
  if (result.ok) revalidatePath("/meetings");
  return result;
}

const pastStart = () => new AppError(START_IN_PAST, 422, "invalid", "start");
