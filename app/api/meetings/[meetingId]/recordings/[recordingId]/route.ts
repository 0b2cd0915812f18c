// GET /api/meetings/:meetingId/recordings/:recordingId — play (HTTP Range) or, with ?download=1, download
// DELETE /api/meetings/:meetingId/recordings/:recordingId — the owner deletes it at once
// Every refusal (signed out, malformed id, no such meeting or recording, no right) is the same 404.
import type { NextRequest } from "next/server";
import { type MeetingGrant, loadMeeting } from "@/lib/access/load-meeting";
import type { MeetingAction } from "@/lib/access/meetings";
import { getUserOrNull } from "@/lib/auth/session";
import { audit } from "@/lib/audit";
import { handleRoute, jsonError } from "@/lib/errors";
import { refuseCrossSite } from "@/lib/http/request-guard";
import { RecordingIntegrityError } from "@/lib/recordings/format";
import { deleteRecording, findRecording } from "@/lib/recordings/library";
import { openPlayback } from "@/lib/recordings/playback";
import { parseRange } from "@/lib/recordings/range";

type Ctx = RouteContext<"/api/meetings/[meetingId]/recordings/[recordingId]">;

const notFound = () => jsonError(404, "not_found", "Not found.");

export async function GET(req: NextRequest, ctx: Ctx) {
  return handleRoute(async () => {
    const access = await authorize(ctx, "viewRecordings");
    const rec = access && (await findRecording(access.grant.meeting.id, access.recordingId));
    if (!rec) return notFound();
    const range = parseRange(req.headers.get("range"), rec.plainSize);
    if (range === "unsatisfiable") {
      return jsonError(416, "range_not_satisfiable", "That range is not in the recording.", { "Content-Range": `bytes */${rec.plainSize}` });
    }
    const { start, end } = range === "full" ? { start: 0, end: rec.plainSize - 1 } : range;
    let body: ReadableStream<Uint8Array>;
    try {
      body = await openPlayback(rec, start, end);
    } catch (e) {
      if (!(e instanceof RecordingIntegrityError)) throw e;
      console.error(`recording ${rec.id}: ${e.message}`);
      return jsonError(500, "recording_damaged", "This recording is damaged and cannot be played.");
    }
    const headers = new Headers({ "Content-Type": "video/mp4", "Accept-Ranges": "bytes", "Cache-Control": "private, no-store" });
    // No Content-Length: Next drops it from route handlers and sends the body chunked, so a response
    // broken off by a damaged chunk lacks its final chunk and every HTTP client sees it incomplete.
    if (range !== "full") headers.set("Content-Range", `bytes ${start}-${end}/${rec.plainSize}`);
    if (req.nextUrl.searchParams.get("download") === "1") {
      const stamp = rec.createdAt.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
      headers.set("Content-Disposition", `attachment; filename="recording-${stamp}.mp4"`);
    }
    return new Response(body, { status: range === "full" ? 200 : 206, headers });
  });
}

export async function DELETE(req: NextRequest, ctx: Ctx) {
  return handleRoute(async () => {
    const refused = refuseCrossSite(req);
    if (refused) return refused;
    const access = await authorize(ctx, "deleteRecordings");
    const deleted = access && (await deleteRecording(access.grant.meeting.id, access.recordingId, (e) => audit(access.grant.user, e.action, e)));
    if (!deleted) return notFound();
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  });
}

async function authorize(ctx: Ctx, action: MeetingAction): Promise<{ grant: MeetingGrant; recordingId: string } | null> {
  const user = await getUserOrNull();
  if (!user) return null;
  const { meetingId, recordingId } = await ctx.params;
  const grant = await loadMeeting(user, meetingId, action);
  return typeof grant === "string" ? null : { grant, recordingId };
}
