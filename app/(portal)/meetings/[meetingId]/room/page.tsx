import { requireMeeting } from "@/lib/access/require-meeting";
import { JitsiRoom } from "@/components/jitsi-room";

export const metadata = { title: "Conference" };

export default async function RoomPage({ params }: PageProps<"/meetings/[meetingId]/room">) {
  const { meeting } = await requireMeeting((await params).meetingId, "join");
  return <JitsiRoom tokenUrl={`/api/meetings/${meeting.id}/token`} backHref={`/meetings/${meeting.id}`} displayNameLocked />;
}
