import { JoinConference } from "@/components/join-conference";
import { JoinNotices } from "@/components/join-notices";
import { requireMeeting } from "@/lib/access/require-meeting";
import { joinWindow } from "@/lib/calendar/series";
import { keepsAttendance } from "@/lib/presence/attendance";
import { getSettings } from "@/lib/settings";

export const metadata = { title: "Conference" };

export default async function RoomPage({ params }: PageProps<"/meetings/[meetingId]/room">) {
  const { user, meeting } = await requireMeeting((await params).meetingId, "join");
  const [when, settings] = await Promise.all([joinWindow(meeting), getSettings()]);
  // Between the meetings of a series the room is closed: wait for the next one. A single meeting
  // is open to its employees at any time; an ended series is explained by the token route.
  const opensAt = meeting.rrule && when.state === "early" ? when.opensAt : new Date(0);
  return (
    <div className="space-y-4">
      <JoinNotices attendance={keepsAttendance(meeting, settings)} recording={meeting.recordingAllowed && settings.recordingAllowed} guest={false} />
      <JoinConference tokenUrl={`/api/meetings/${meeting.id}/token`} opensAt={opensAt.toISOString()} who={user.name} backHref={`/meetings/${meeting.id}`} />
    </div>
  );
}
