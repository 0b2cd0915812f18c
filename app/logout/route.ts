// POST /logout — ends the portal session, then Keycloak's (RP-initiated logout)
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { expireCookies, goToLogout, isSessionCookie, keycloakLogoutUrl } from "@/lib/auth/logout";
import { decodeSessionToken } from "@/lib/auth/session-token";
import { endSignInSession } from "@/lib/auth/sign-in-sessions";
import { env } from "@/lib/env";
import { refuseCrossSite } from "@/lib/http/request-guard";
import { endSessions } from "@/lib/users";

// POST only, from the portal's own pages: nobody can sign a user out from elsewhere.
export async function POST(req: NextRequest) {
  const refused = refuseCrossSite(req);
  if (refused) return refused;
  const token = await getToken({ req, secret: env.NEXTAUTH_SECRET, decode: decodeSessionToken });
  // Clearing the cookie is not enough: a copy of it (another tab, a stolen one) would live on for hours.
  if (token?.uid) await endSessions({ id: token.uid });
  // This sign-in's ID token lets Keycloak end exactly its session, without asking the person to confirm.
  const idToken = token?.uid && token.sid ? await endSignInSession(token.sid, token.uid) : null;
  const res = goToLogout(await keycloakLogoutUrl(idToken), req.headers.get("x-nonce"));
  expireCookies(res, req.cookies.getAll().map((c) => c.name).filter(isSessionCookie));
  return res;
}
