// POST /api/internal/prosody/events/{room/created,room/destroyed,occupant/joined,occupant/left} —
// jitsi-contrib's event_sync component (docker/prosody/portal-events.cfg.lua) reports the conference's
// life. Internal only: Caddy answers 404 for /api/internal/* from outside, and each request carries the
// shared secret. event_sync retries on 5xx only, so every refusal here is a 4xx it will not repeat.
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { handleRoute, jsonError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/request-guard";
import { bearerMatches } from "@/lib/presence/auth";
import { recordProsodyEvent } from "@/lib/presence/events";
import { EVENT_PATHS, isStale, prosodyEvent } from "@/lib/validation/prosody-events";

const MAX_EVENT_BYTES = 1024 * 1024;

export async function POST(req: Request, ctx: RouteContext<"/api/internal/prosody/events/[...path]">) {
  return handleRoute(async () => {
    const secret = env.PROSODY_EVENTS_SECRET;
    if (!secret) return jsonError(404, "not_found", "Not found.");
    if (!bearerMatches(req.headers.get("authorization"), secret)) return jsonError(401, "unauthenticated", "The events secret does not match.");
    const kind = EVENT_PATHS[(await ctx.params).path.join("/") as keyof typeof EVENT_PATHS];
    if (!kind) return jsonError(404, "not_found", "No such event.");
    const event = await readJsonBody(req, prosodyEvent, MAX_EVENT_BYTES);
    if (event instanceof Response) return event;
    if (event.event_name !== kind) return jsonError(422, "invalid", `This address takes ${kind} events.`);
    if (isStale(event, Date.now() / 1000)) return jsonError(409, "stale", "The event is too old (or the clocks differ).");
    const outcome = await recordProsodyEvent(event);
    return NextResponse.json({ outcome }, { headers: { "Cache-Control": "no-store" } });
  });
}
