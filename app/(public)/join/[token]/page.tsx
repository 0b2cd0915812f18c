import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { MeetingHeading } from "@/components/meeting-heading";
import { linkState } from "@/lib/access/meetings";
import { loadMeeting } from "@/lib/access/load-meeting";
import { getUserOrNull } from "@/lib/auth/session";
import { guestCookieName, verifyGuestPass } from "@/lib/invites/guest-pass";
import { joinWindow } from "@/lib/calendar/series";
import { claimInvitations } from "@/lib/invites/colleagues";
import { resolveLink } from "@/lib/invites/links";
import { getSettings } from "@/lib/settings";
import { GuestNameForm } from "./guest-name-form";
import { JoinConference } from "@/components/join-conference";
import { JoinNotices } from "@/components/join-notices";
import { keepsAttendance } from "@/lib/presence/attendance";

// Generic on purpose: the tab must not tell a real invitation from a made-up one, so the refusal
// page carries the same (Next resolves a refused render's metadata from not-found.tsx, not from here).
export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

export default async function JoinPage({ params }: PageProps<"/join/[token]">) {
  const { token } = await params;
  const resolved = await resolveLink(token);
  if (!resolved || resolved.state !== "usable") notFound();
  const { link } = resolved;
  const { meeting } = link;
  const user = await getUserOrNull();
  const pass = await verifyGuestPass((await cookies()).get(guestCookieName(link.id))?.value, link.id);
  // A signed-in person with no right of their own to the meeting comes in on the link, as a guest does.
  const ownRight = user !== null && typeof (await loadMeeting(user, meeting.id, "join")) !== "string";
  // A colleague signed in with the address this meeting invited: a member now, on the meeting's page.
  if (user && !ownRight && (await claimInvitations(user, meeting.id)).length) redirect(`/meetings/${meeting.id}`);
  const letIn = ownRight || (user ? pass?.guestId === user.id : pass !== null);
  // A newcomer needs a free use; someone this link already let in keeps coming back.
  if (!letIn && linkState(link, meeting, new Date(), true) !== "usable") notFound();
  const [when, settings] = await Promise.all([joinWindow(meeting), getSettings()]);

  return (
    <main className="mx-auto max-w-5xl space-y-6 px-6 py-10">
      <header className="space-y-1">
        <p className="text-sm text-slate-500">{settings.organisationName} invites you to</p>
        <MeetingHeading meeting={meeting} when={when} />
      </header>
      <JoinNotices attendance={keepsAttendance(meeting, settings)} recording={meeting.recordingAllowed && settings.recordingAllowed} guest={!user} />
      {user || pass ? (
        <JoinConference
          tokenUrl={`/api/join/${token}/token`}
          // Over: the token route says so; early: a countdown to the meeting on next.
          opensAt={(when.state === "over" ? new Date(0) : when.opensAt).toISOString()}
          who={user ? `${user.name} (signed in)` : pass!.name}
        />
      ) : (
        <GuestNameForm token={token} />
      )}
    </main>
  );
}
