import type { Metadata } from "next";
import Link from "next/link";
import { MeetingPresence } from "@/components/live-presence";
import { MeetingHeading } from "@/components/meeting-heading";
import { buttonClass } from "@/components/ui/button";
import { type MeetingRole, can } from "@/lib/access/meetings";
import { requireMeeting } from "@/lib/access/require-meeting";
import { db } from "@/lib/db";
import { currentExpiryCap, listInviteLinks } from "@/lib/invites/links";
import { keepsAttendance } from "@/lib/presence/attendance";
import { meetingPresence } from "@/lib/presence/live";
import { knownGroups } from "@/lib/groups/known";
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
  // One key for the page's creating forms: each form scopes it, and saving one renders the page anew.
  const formKey = newIdempotencyKey();
  const settings = await getSettings();
  const attendance = keepsAttendance(meeting, settings);
  const options = [
    meeting.lobby && "Lobby",
    meeting.e2ee && "End-to-end encrypted",
    meeting.recordingAllowed && settings.recordingAllowed && "Recording allowed, with everyone's consent asked when it starts",
    attendance && "Attendance kept",
  ].filter(Boolean);

  const viewRecordings = can(user, meeting, "viewRecordings");
  // The page's parts after the meeting itself, in the order a person looks for them.
  const parts = [
    manage && ["people", "People and invitations"],
    invite && ["links", "Invite links"],
    viewRecordings && ["recordings", "Recordings"],
    meeting.rrule && ["series", "Meetings of this series"],
  ].filter((p): p is [string, string] => Boolean(p));

  return (
    <div className="space-y-8">
      <section className="space-y-3" aria-label="Meeting">
        {meeting.cancelledAt && (
          <p role="status" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-700">
            This meeting was cancelled.
          </p>
        )}
        <MeetingHeading meeting={meeting} when={windowOf(series)} />
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
        <p className="text-sm text-slate-500" data-testid="meeting-organiser">
          Organised by {meeting.owner.name} in {meeting.timeZone} · {ROLE_TEXT[role]}
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
      {parts.length > 1 && (
        <nav aria-label="On this page" className="flex flex-wrap gap-x-4 gap-y-1 border-y border-slate-200 py-2 text-sm dark:border-slate-800">
          {parts.map(([id, label]) => (
            <a key={id} href={`#${id}`} className="text-brand-700 underline dark:text-brand-300">
              {label}
            </a>
          ))}
        </nav>
      )}
      {manage && (
        <section id="people" aria-labelledby="people-heading" className="scroll-mt-4 space-y-4">
          <h2 id="people-heading" className="text-lg font-semibold">
            People and invitations
          </h2>
          <MembersPanel formKey={formKey} meetingId={meeting.id} members={members.map((m) => ({ ...m.user, role: m.role }))} groups={groups} knownGroups={await knownGroups()} />
          {!meeting.cancelledAt && <InvitationsPanel formKey={formKey} meetingId={meeting.id} invitations={await invitationRows(meeting.id)} zones={Intl.supportedValuesOf("timeZone")} />}
        </section>
      )}
      {invite && (
        <div id="links" className="scroll-mt-4">
          <InviteLinksPanel formKey={formKey} meetingId={meeting.id} links={links} lobbyByDefault={meeting.lobby || settings.guestLobbyDefault} owner={role === "owner"} expiryCap={await currentExpiryCap(meeting)} />
        </div>
      )}
      {viewRecordings && (
        <div id="recordings" className="scroll-mt-4">
          <RecordingsPanel user={user} meeting={meeting} />
        </div>
      )}
      {meeting.rrule && (
        <div id="series" className="scroll-mt-4">
          <OccurrencesPanel meetingId={meeting.id} version={meeting.version} series={describeRrule(meeting.rrule)} timeZone={meeting.timeZone} occurrences={upcomingOccurrences(series)} canCancel={can(user, meeting, "cancel")} canEdit={can(user, meeting, "edit")} />
        </div>
      )}
    </div>
  );
}

// "None" with the page open means the "see every meeting" permission: no role in the meeting itself.
const ROLE_TEXT: Record<MeetingRole, string> = {
  owner: "you are the organiser",
  moderator: "you are a moderator",
  participant: "you are a participant",
  none: "you are not invited: you see it because you may see every meeting",
};
