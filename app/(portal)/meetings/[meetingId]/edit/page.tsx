import { MeetingForm } from "@/components/meeting-form";
import { updateMeetingAction } from "@/lib/actions/meetings";
import { requireMeeting } from "@/lib/access/require-meeting";
import { db } from "@/lib/db";
import { getSettings } from "@/lib/settings";
import { toFormValues } from "@/lib/validation/meeting";

export const metadata = { title: "Edit meeting" };

export default async function EditMeetingPage({ params }: PageProps<"/meetings/[meetingId]/edit">) {
  const { meeting } = await requireMeeting((await params).meetingId, "edit");
  const moved = meeting.rrule ? await db.meetingException.count({ where: { meetingId: meeting.id, startsAt: { not: null }, cancelledAt: null } }) : 0;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Edit meeting</h1>
      {meeting.rrule && <p className="text-sm text-slate-600 dark:text-slate-300">Changes here apply to every meeting of the series. To move or cancel just one, use the list on the meeting&apos;s page.</p>}
      {moved > 0 && (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {moved === 1 ? "One meeting of this series was moved." : `${moved} meetings of this series were moved.`} Changing the start, the repetition or the time zone puts
          them back on the new schedule; other changes keep them.
        </p>
      )}
      <MeetingForm action={updateMeetingAction.bind(null, meeting.id)} initial={toFormValues(meeting)} version={meeting.version} zones={Intl.supportedValuesOf("timeZone")} submitLabel="Save changes" attendanceAllowed={(await getSettings()).attendanceAllowed} />
    </div>
  );
}
