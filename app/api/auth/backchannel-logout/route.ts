// POST /api/auth/backchannel-logout — Keycloak's OIDC Back-Channel Logout: a session ended at
// Keycloak ends the person's portal sessions. Server to server: the signed logout token is the
// credential, so no Origin check (realm.json: backchannel.logout.url).
import { NextResponse } from "next/server";
import { verifyLogoutToken } from "@/lib/auth/backchannel";
import { forgetIdpSession } from "@/lib/auth/sign-in-sessions";
import { handleRoute, jsonError } from "@/lib/errors";
import { readText } from "@/lib/http/request-guard";
import { endSessions } from "@/lib/users";

const MAX_BYTES = 16 * 1024;

export async function POST(req: Request) {
  return handleRoute(async () => {
    const text = await readText(req, MAX_BYTES);
    if (text === null) return jsonError(413, "too_large", "The request is too large.");
    const token = new URLSearchParams(text).get("logout_token");
    const claims = token && (await verifyLogoutToken(token));
    if (!claims) return jsonError(400, "invalid_request", "Send a valid logout_token.");
    // Keycloak always names the user. The cookie of a sign-in is checked against the user's session
    // version, not its row, so all of one user's portal sessions end together.
    if (!claims.sub) return jsonError(400, "invalid_request", "The logout token must name its user (sub).");
    await endSessions({ subject: claims.sub });
    // That Keycloak session is over: its kept ID token is of no more use.
    if (claims.sid) await forgetIdpSession(claims.sid);
    return new NextResponse(null, { status: 200, headers: { "Cache-Control": "no-store" } });
  });
}
