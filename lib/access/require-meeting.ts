// The page guard: a meeting the caller may see, or the not-found page.
import "server-only";
import { notFound } from "next/navigation";
import type { MeetingAction } from "@/lib/access/meetings";
import { type MeetingGrant, loadMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { claimInvitations } from "@/lib/invites/colleagues";

/** For pages: a missing, malformed or foreign id is the same not-found page, so ids reveal nothing. */
export async function requireMeeting(rawId: string, action: MeetingAction): Promise<MeetingGrant> {
  const user = await requireUser();
  let grant = await loadMeeting(user, rawId, action);
  // A colleague opening the meeting their invitation mail links: the invitation makes them a member.
  if (grant === "forbidden" && (await claimInvitations(user, rawId)).length) grant = await loadMeeting(user, rawId, action);
  if (typeof grant === "string") notFound();
  return grant;
}
