// GET /api/meetings/:meetingId/presence — who is in the meeting's conference now: how many for
// everyone who may see the meeting, and who for its organiser and moderators. Polled by the meeting page.
import { NextResponse } from "next/server";
import { loadMeeting } from "@/lib/access/load-meeting";
import { getUserOrNull } from "@/lib/auth/session";
import { handleRoute, jsonError } from "@/lib/errors";
import { meetingPresence } from "@/lib/presence/live";

export async function GET(_req: Request, ctx: RouteContext<"/api/meetings/[meetingId]/presence">) {
  return handleRoute(async () => {
    const user = await getUserOrNull();
    if (!user) return jsonError(401, "unauthenticated", "Sign in to see who is in.");
    const grant = await loadMeeting(user, (await ctx.params).meetingId, "view");
    // Not yours answers exactly as no such meeting.
    if (typeof grant === "string") return jsonError(grant === "invalid_id" ? 400 : 404, "not_found", "This meeting does not exist, or you are not invited to it.");
    return NextResponse.json(await meetingPresence(grant), { headers: { "Cache-Control": "no-store" } });
  });
}
