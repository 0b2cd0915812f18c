import { MeetingForm } from "@/components/meeting-form";
import { updateMeetingAction } from "@/lib/actions/meetings";
import { requireMeeting } from "@/lib/access/require-meeting";
import { toFormValues } from "@/lib/validation/meeting";

export const metadata = { title: "Edit meeting" };

export default async function EditMeetingPage({ params }: PageProps<"/meetings/[meetingId]/edit">) {
  const { meeting } = await requireMeeting((await params).meetingId, "edit");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Edit meeting</h1>
      <MeetingForm action={updateMeetingAction.bind(null, meeting.id)} initial={toFormValues(meeting)} zones={Intl.supportedValuesOf("timeZone")} submitLabel="Save changes" />
    </div>
  );
}
