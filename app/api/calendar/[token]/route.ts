// GET /api/calendar/:token — a user's private iCalendar feed, for calendar programs (no session)
import { renderFeed } from "@/lib/calendar/feed";
import { handleRoute, jsonError } from "@/lib/errors";

export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  return handleRoute(async () => {
    // The .ics suffix is optional; some calendar programs want to see it.
    const body = await renderFeed((await ctx.params).token.replace(/\.ics$/, ""));
    // Unknown, malformed and revoked secrets all look the same.
    if (!body) return jsonError(404, "not_found", "This calendar feed does not exist.");
    return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
  });
}
