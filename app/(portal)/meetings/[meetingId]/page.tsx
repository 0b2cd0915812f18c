import type { Metadata } from "next";
import Link from "next/link";
import { MeetingHeading } from "@/components/meeting-heading";
import { buttonClass } from "@/components/ui/button";
import { can } from "@/lib/access/meetings";
import { requireMeeting } from "@/lib/access/require-meeting";
import { db } from "@/lib/db";
import { listInviteLinks } from "@/lib/invites/links";
import { newIdempotencyKey } from "@/lib/db/idempotency";
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
  const { user, meeting, role } = await requireMeeting((await params).meetingId, "view");
  const manage = can(user, meeting, "manageMembers");
  const invite = can(user, meeting, "invite");
  const [members, groups, links] = await Promise.all([
    manage
      ? db.meetingMember.findMany({
          where: { meetingId: meeting.id },
          orderBy: { addedAt: "asc" },
          select: { role: true, user: { select: { id: true, name: true, email: true } } },
        })
      : [],
    manage ? db.meetingGroupShare.findMany({ where: { meetingId: meeting.id }, orderBy: { group: "asc" }, select: { group: true, role: true } }) : [],
    invite ? listInviteLinks(meeting.id) : [],
  ]);
  // Read once: the heading's "now or next" and the list of the series' meetings both need it.
  const series = await loadSeries(meeting);
  // One key for the page's creating forms: each form scopes it, and saving one renders the page anew.
  const formKey = newIdempotencyKey();
  const options = [meeting.lobby && "Lobby", meeting.e2ee && "End-to-end encrypted", meeting.recordingAllowed && "Recording allowed"].filter(Boolean);

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
        {options.length > 0 && <p className="text-sm text-slate-500">{options.join(" · ")}</p>}
        {meeting.description && <p className="whitespace-pre-wrap break-words">{meeting.description}</p>}
      </section>
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
        <OccurrencesPanel meetingId={meeting.id} series={describeRrule(meeting.rrule)} timeZone={meeting.timeZone} occurrences={upcomingOccurrences(series)} canCancel={can(user, meeting, "cancel")} canEdit={can(user, meeting, "edit")} />
      )}
      {manage && !meeting.cancelledAt && <InvitationsPanel formKey={formKey} meetingId={meeting.id} invitations={await invitationRows(meeting.id)} zones={Intl.supportedValuesOf("timeZone")} />}
      {manage && <MembersPanel formKey={formKey} meetingId={meeting.id} members={members.map((m) => ({ ...m.user, role: m.role }))} groups={groups} />}
      {invite && <InviteLinksPanel formKey={formKey} meetingId={meeting.id} links={links} lobbyByDefault={meeting.lobby || (await getSettings()).guestLobbyDefault} owner={role === "owner"} />}
      <RecordingsPanel user={user} meeting={meeting} />
    </div>
  );
}
