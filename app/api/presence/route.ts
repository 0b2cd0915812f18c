// GET /api/presence?ids=… — how many are in each of these meetings now (those the caller sees; the
// others are simply absent). Polled by "My meetings" (components/live-presence.tsx).
import { NextResponse } from "next/server";
import { getUserOrNull } from "@/lib/auth/session";
import { handleRoute, jsonError } from "@/lib/errors";
import { liveCounts } from "@/lib/presence/live";
import { presenceQuery } from "@/lib/validation/presence";

export async function GET(req: Request) {
  return handleRoute(async () => {
    const user = await getUserOrNull();
    if (!user) return jsonError(401, "unauthenticated", "Sign in to see who is in.");
    const query = presenceQuery.safeParse({ ids: new URL(req.url).searchParams.get("ids") ?? undefined });
    if (!query.success) return jsonError(400, "invalid", query.error.issues[0]!.message);
    return NextResponse.json({ counts: await liveCounts(user, query.data.ids) }, { headers: { "Cache-Control": "no-store" } });
  });
}
