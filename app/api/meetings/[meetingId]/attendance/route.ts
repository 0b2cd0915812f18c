// GET /api/meetings/:meetingId/attendance — the meeting's attendance as CSV, for its organiser and
// moderators, when the meeting keeps attendance (lib/presence/attendance.ts).
import { loadMeeting } from "@/lib/access/load-meeting";
import { getUserOrNull } from "@/lib/auth/session";
import { handleRoute, jsonError } from "@/lib/errors";
import { attendanceCsv, keepsAttendance } from "@/lib/presence/attendance";
import { getSettings } from "@/lib/settings";

export async function GET(_req: Request, ctx: RouteContext<"/api/meetings/[meetingId]/attendance">) {
  return handleRoute(async () => {
    const user = await getUserOrNull();
    if (!user) return jsonError(401, "unauthenticated", "Sign in to download attendance.");
    const grant = await loadMeeting(user, (await ctx.params).meetingId, "seeWhoIsIn");
    if (typeof grant === "string") return jsonError(grant === "invalid_id" ? 400 : 404, "not_found", "This meeting does not exist, or you may not see its attendance.");
    if (!keepsAttendance(grant.meeting, await getSettings())) return jsonError(404, "attendance_off", "This meeting does not keep attendance.");
    return new Response(await attendanceCsv(grant.meeting), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="attendance-${grant.meeting.id.slice(0, 8)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
