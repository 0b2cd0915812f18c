// POST /api/join/:token/token — a Jitsi JWT for whoever holds an invite link: a guest with a pass
// for it, or a signed-in person (with the higher of their own rights and the link's; one with no
// right of their own takes a use of the link, like a guest)
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { type ConferenceRights, conferenceRights, linkRights, linkState, strongerRights } from "@/lib/access/meetings";
import { loadMeeting } from "@/lib/access/load-meeting";
import { auditBatched } from "@/lib/audit";
import { getUserOrNull } from "@/lib/auth/session";
import { MEETING_CLOSED, SERIES_CLOSED, SERIES_OVER, joinWindow, roomClosed } from "@/lib/calendar/series";
import { handleRoute, jsonError } from "@/lib/errors";
import { refuseCrossSite } from "@/lib/http/request-guard";
import { giveLinkPass, guestCookieName, verifyGuestPass } from "@/lib/invites/guest-pass";
import { claimLinkUse, lobbyWanted, resolveLink } from "@/lib/invites/links";
import { INVALID_LINK } from "@/lib/validation/invite";
import { issueConferenceTicket } from "@/lib/jitsi/conference";
import { guestConferenceId } from "@/lib/presence/identity";
import { limitTokenRequests } from "@/lib/rate-limit";

const NO_RIGHTS: ConferenceRights = { moderator: false, recording: false, livestreaming: false, lobbyBypass: false };

export async function POST(req: Request, ctx: RouteContext<"/api/join/[token]/token">) {
  return handleRoute(async () => {
    const refused = refuseCrossSite(req);
    if (refused) return refused;
    const resolved = await resolveLink((await ctx.params).token);
    // Unknown, tampered, expired, revoked, cancelled: one answer, so nothing can be told apart.
    if (!resolved || resolved.state !== "usable") return jsonError(404, "invalid_link", INVALID_LINK);
    const { link } = resolved;
    const { meeting } = link;

    const user = await getUserOrNull();
    let identity: { id: string; name: string; email: string | null };
    let rights: ConferenceRights;
    if (user?.suspended) return jsonError(403, "suspended", "Your account is suspended.");
    const pass = await verifyGuestPass((await cookies()).get(guestCookieName(link.id))?.value, link.id);
    if (user) {
      const [limited, own] = await Promise.all([limitTokenRequests(user.id, req.headers), loadMeeting(user, meeting.id, "join")]);
      if (limited) return limited;
      // No right of their own: the link's limits bind them as a guest (one use, then their pass).
      if (typeof own === "string" && pass?.guestId !== user.id) {
        if (!(await claimLinkUse(link.id))) return jsonError(404, "invalid_link", INVALID_LINK);
        await giveLinkPass(link, { guestId: user.id, name: user.name });
      }
      rights = strongerRights(typeof own === "string" ? NO_RIGHTS : conferenceRights(user, own.meeting), linkRights(link, meeting));
      identity = user;
    } else {
      if (!pass) {
        // A used-up link must look exactly like a made-up one to a newcomer.
        if (linkState(link, meeting, new Date(), true) !== "usable") return jsonError(404, "invalid_link", INVALID_LINK);
        return jsonError(401, "name_required", "Enter your name to join this meeting.");
      }
      // Guests are marked as such for everyone in the conference; no email. The id names the link (for
      // presence, lib/presence/identity.ts) and a fresh id per guest.
      identity = { id: guestConferenceId(link.id, pass.guestId), name: link.role === "GUEST" ? `${pass.name} (guest)` : pass.name, email: null };
      rights = linkRights(link, meeting);
    }

    const when = await joinWindow(meeting);
    if (when.state === "over") return jsonError(403, "not_open", SERIES_OVER);
    if (roomClosed(when)) return jsonError(403, "closed", MEETING_CLOSED);
    if (when.state === "early" && !rights.moderator) {
      const opens = when.opensAt;
      return NextResponse.json(
        { error: { code: "not_open", message: "The meeting is not open yet." }, opensAt: opens.toISOString() },
        { status: 425, headers: { "Cache-Control": "no-store", "Retry-After": String(Math.ceil((opens.getTime() - Date.now()) / 1000)) } },
      );
    }
    // One room serves the whole series: between its meetings nobody, moderator or not, gets a token.
    if (when.state === "early" && meeting.rrule) return jsonError(403, "not_open", SERIES_CLOSED);
    const ticket = await issueConferenceTicket({ meeting, user: identity, rights, lobby: await lobbyWanted(meeting), closesAt: when.closesAt });
    // A guest is recorded as a guest of this link, never by name.
    await auditBatched(user, "token.issue", { meetingId: meeting.id, details: { via: "link", linkId: link.id, as: user ? "user" : link.role.toLowerCase(), moderator: rights.moderator } });
    return NextResponse.json(ticket, { headers: { "Cache-Control": "no-store" } });
  });
}
