import type { Metadata } from "next";
import Link from "next/link";
import { MeetingPresence } from "@/components/live-presence";
import { MeetingHeading } from "@/components/meeting-heading";
import { buttonClass } from "@/components/ui/button";
import { can } from "@/lib/access/meetings";
import { requireMeeting } from "@/lib/access/require-meeting";
import { db } from "@/lib/db";
import { listInviteLinks } from "@/lib/invites/links";
import { keepsAttendance } from "@/lib/presence/attendance";
import { meetingPresence } from "@/lib/presence/live";
import { getSettings } from "@/lib/settings";
import { invitationRows, upcomingOccurrences } from "@/lib/calendar/meeting-view";
import { loadSeries, windowOf } from "@/lib/calendar/series";
import { describeRrule } from "@/lib/calendar/recurrence";
import { CancelMeeting } from "./cancel-meeting";
import { InvitationsPanel } from "./invitations-panel";
import { OccurrencesPanel } from "./occurrences-panel";
import { InviteLinksPanel } from "./invite-links-panel";
import { RecordingsPanel } from "./recordings-panel";
import { MembersPanel } from "./members-panel";

// The title stays generic: a refused or unknown id must not learn anything from the tab either.
export const metadata: Metadata = { title: "Meeting" };

export default async function MeetingPage({ params }: PageProps<"/meetings/[meetingId]">) {
  const grant = await requireMeeting((await params).meetingId, "view");
  const { user, meeting, role } = grant;
  const manage = can(user, meeting, "manageMembers");
  const invite = can(user, meeting, "invite");
  const [members, groups, links, presence] = await Promise.all([
    manage
      ? db.meetingMember.findMany({
          where: { meetingId: meeting.id },
          orderBy: { addedAt: "asc" },
          select: { role: true, user: { select: { id: true, name: true, email: true } } },
        })
      : [],
    manage ? db.meetingGroupShare.findMany({ where: { meetingId: meeting.id }, orderBy: { group: "asc" }, select: { group: true, role: true } }) : [],
    invite ? listInviteLinks(meeting.id) : [],
    meetingPresence(grant),
  ]);
  // Read once: the heading's "now or next" and the list of the series' meetings both need it.
  const series = await loadSeries(meeting);
  const settings = await getSettings();
  const attendance = keepsAttendance(meeting, settings);
  const options = [
    meeting.lobby && "Lobby",
    meeting.e2ee && "End-to-end encrypted",
    meeting.recordingAllowed && settings.recordingAllowed && "Recording allowed, with everyone's consent asked when it starts",
    attendance && "Attendance kept",
  ].filter(Boolean);

  return (
    <div className="space-y-8">
      <section className="space-y-3">
        {meeting.cancelledAt && (
          <p role="status" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-700">
            This meeting was cancelled.
          </p>
        )}
        <MeetingHeading meeting={meeting} when={windowOf(series)} />
        <p className="text-sm text-slate-500">
          Organised by {meeting.owner.name} in {meeting.timeZone} · you are {role === "owner" ? "the organiser" : `a ${role}`}
        </p>
        {options.length > 0 && (
          <p className="text-sm text-slate-500">
            {options.join(" · ")}
            {attendance && can(user, meeting, "seeWhoIsIn") && (
              <>
                {" · "}
                <a href={`/api/meetings/${meeting.id}/attendance`} className="underline" download>
                  Download attendance (CSV)
                </a>
              </>
            )}
          </p>
        )}
        {meeting.description && <p className="whitespace-pre-wrap break-words">{meeting.description}</p>}
      </section>
      {!meeting.cancelledAt && <MeetingPresence meetingId={meeting.id} initial={presence} />}
      <div className="flex flex-wrap gap-3">
        {can(user, meeting, "join") && (
          <Link href={`/meetings/${meeting.id}/room`} className={buttonClass()}>
            Join meeting
          </Link>
        )}
        {can(user, meeting, "edit") && (
          <Link href={`/meetings/${meeting.id}/edit`} className={buttonClass("secondary")}>
            Edit
          </Link>
        )}
        {can(user, meeting, "cancel") && <CancelMeeting meetingId={meeting.id} />}
      </div>
      {meeting.rrule && (
        <OccurrencesPanel meetingId={meeting.id} version={meeting.version} series={describeRrule(meeting.rrule)} timeZone={meeting.timeZone} occurrences={upcomingOccurrences(series)} canCancel={can(user, meeting, "cancel")} canEdit={can(user, meeting, "edit")} />
      )}
      {manage && !meeting.cancelledAt && <InvitationsPanel meetingId={meeting.id} invitations={await invitationRows(meeting.id)} zones={Intl.supportedValuesOf("timeZone")} />}
      {manage && <MembersPanel meetingId={meeting.id} members={members.map((m) => ({ ...m.user, role: m.role }))} groups={groups} />}
      {invite && <InviteLinksPanel meetingId={meeting.id} links={links} lobbyByDefault={meeting.lobby || settings.guestLobbyDefault} owner={role === "owner"} />}
      <RecordingsPanel user={user} meeting={meeting} />
    </div>
  );
}
