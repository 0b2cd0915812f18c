"use server";
// The owner's shorter retention for a meeting's recordings. (Deleting one is the DELETE route.)
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { type ActionResult, invalid, parseArgs, run } from "@/lib/errors";
import { siteRetentionDays } from "@/lib/recordings/config";
import { setMeetingRetention } from "@/lib/recordings/library";
import { retentionInput } from "@/lib/validation/recording";
import { formArg, previousResult } from "@/lib/validation/action-args";
import { formDataToObject, meetingId as meetingIdSchema } from "@/lib/validation/meeting";

export async function setRecordingRetentionAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const args = parseArgs(z.tuple([meetingIdSchema, previousResult, formArg]), [meetingId, _prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  const values = formDataToObject(form);
  const parsed = retentionInput(siteRetentionDays()).safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "deleteRecordings");
    await setMeetingRetention(meeting.id, parsed.data.days);
  });
  if (!result.ok) return { ...result, values };
  revalidatePath(`/meetings/${meetingId}`);
  return result;
}
