"use server";
// The owner's shorter retention for a meeting's recordings. (Deleting one is the DELETE route.)
import { revalidatePath } from "next/cache";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { type ActionResult, invalid, run } from "@/lib/errors";
import { siteRetentionDays } from "@/lib/recordings/config";
import { setMeetingRetention } from "@/lib/recordings/library";
import { retentionInput } from "@/lib/validation/recording";
import { formDataToObject } from "@/lib/validation/meeting";

export async function setRecordingRetentionAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
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
