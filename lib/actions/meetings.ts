"use server";
// Schedule, edit and cancel meetings: parse → authorize → write → revalidate.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { canSchedule } from "@/lib/access/meetings";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { notifyInvitees } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { type ActionResult, AppError, invalid, run } from "@/lib/errors";
import { START_IN_PAST, formDataToObject, meetingInput, startIsAcceptable } from "@/lib/validation/meeting";

export async function createMeetingAction(_prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  const values = formDataToObject(form);
  if (!canSchedule(user)) return { ok: false, error: "Your account may not schedule meetings. Ask an administrator.", values };
  const parsed = meetingInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  if (!startIsAcceptable(parsed.data.startsAt, new Date())) return pastStart(values);
  const { start: _start, ...data } = parsed.data;
  const result = await run(async () => (await db.meeting.create({ data: { ...data, ownerId: user.id }, select: { id: true } })).id);
  if (!result.ok) return { ...result, values };
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data}`);
}

export async function updateMeetingAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  const values = formDataToObject(form);
  const parsed = meetingInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "edit");
    if (!startIsAcceptable(parsed.data.startsAt, new Date(), meeting.startsAt)) throw new AppError(START_IN_PAST);
    const { start: _start, ...data } = parsed.data;
    await db.meeting.update({ where: { id: meeting.id }, data });
    // Only queues mail (with SEQUENCE raised); the worker sends it, so saving never waits on SMTP.
    await notifyInvitees(meeting.id, "update");
    return meeting.id;
  });
  if (!result.ok) return result.error === START_IN_PAST ? pastStart(values) : { ...result, values };
  revalidatePath("/meetings");
  redirect(`/meetings/${result.data}`);
}

export async function cancelMeetingAction(meetingId: string): Promise<ActionResult> {
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "cancel");
    await db.meeting.update({ where: { id: meeting.id }, data: { cancelledAt: new Date() } });
    await notifyInvitees(meeting.id, "cancel");
  });
  if (result.ok) revalidatePath("/meetings");
  return result;
}

function pastStart(values: Record<string, string>): ActionResult<never> {
  return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: { start: [START_IN_PAST] }, values };
}
