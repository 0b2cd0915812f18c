// POST /api/meetings/:meetingId/token — a short-lived Jitsi JWT for one room and the caller's role
import { NextResponse } from "next/server";
import { conferenceRights } from "@/lib/access/meetings";
import type { Refusal } from "@/lib/access/load-meeting";
import { loadTokenRequest } from "@/lib/access/load-token-request";
import { auditBatched } from "@/lib/audit";
import { sessionClaims } from "@/lib/auth/session";
import { handleRoute, jsonError } from "@/lib/errors";
import { refuseCrossSite } from "@/lib/http/request-guard";
import { MEETING_CLOSED, SERIES_CLOSED, SERIES_OVER, roomClosed, windowOf } from "@/lib/calendar/series";
import { issueConferenceTicket } from "@/lib/jitsi/conference";
import { tooMany } from "@/lib/rate-limit";
import { meetingId } from "@/lib/validation/meeting";

// "Not yours" answers exactly as "no such meeting", so a meeting id tells nobody whether it exists.
const REFUSALS: Record<Exclude<Refusal, "forbidden">, [number, string]> = {
  invalid_id: [400, "That is not a valid meeting id."],
  not_found: [404, "This meeting does not exist, or you are not invited to it."],
  cancelled: [403, "This meeting was cancelled."],
};

export async function POST(req: Request, ctx: RouteContext<"/api/meetings/[meetingId]/token">) {
  return handleRoute(async () => {
    const refused = refuseCrossSite(req);
    if (refused) return refused;
    // Parsed before anything counts or reads: a malformed id costs the caller nothing and changes nothing.
    const id = meetingId.safeParse((await ctx.params).meetingId);
    if (!id.success) return jsonError(400, "invalid_id", REFUSALS.invalid_id[1]);
    const claims = await sessionClaims();
    if (!claims) return jsonError(401, "unauthenticated", "Sign in to join this meeting.");
    // One round trip: the limiter's hits, the caller's current rights and the meeting (lib/access/load-token-request.ts).
    const { user, limit, grant, exceptions, lobbyLink } = await loadTokenRequest(claims, id.data, req.headers);
    if (!user) return jsonError(401, "unauthenticated", "Sign in to join this meeting.");
    if (user.suspended) return jsonError(403, "suspended", "Your account is suspended.");
    const limited = tooMany(limit);
    if (limited) return limited;
    if (typeof grant === "string") {
      const refusal = grant === "forbidden" ? "not_found" : grant;
      const [status, message] = REFUSALS[refusal];
      return jsonError(status, refusal, message);
    }
    // One room serves the whole series: between its meetings nobody, moderator or not, gets a token.
    const when = windowOf({ ...grant.meeting, exceptions });
    if (grant.meeting.rrule && when.state !== "open") return jsonError(403, "not_open", when.state === "over" ? SERIES_OVER : SERIES_CLOSED);
    if (roomClosed(when)) return jsonError(403, "closed", MEETING_CLOSED);
    const rights = conferenceRights(user, grant.meeting);
    const ticket = await issueConferenceTicket({
      meeting: grant.meeting,
      user,
      rights,
      lobby: grant.meeting.lobby || lobbyLink,
      closesAt: when.state === "over" ? null : when.closesAt,
    });
    // Stored before the token leaves, in a statement shared with the requests arriving meanwhile.
    await auditBatched(user, "token.issue", { meetingId: grant.meeting.id, details: { via: "meeting", moderator: rights.moderator, recording: rights.recording } });
    return NextResponse.json(ticket, { headers: { "Cache-Control": "no-store" } });
  });
}
