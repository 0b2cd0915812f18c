// RP-initiated logout: ending the portal session alone would leave Keycloak's SSO session signing
// the next person at this browser straight back in.
import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";

const discovery = z.object({ end_session_endpoint: z.url() });
let endpoint: Promise<string | null> | undefined;

export const SIGNED_OUT_PATH = "/signed-out";

/**
 * Keycloak (19+, OIDC RP-Initiated Logout 1.0) takes `client_id` instead of `id_token_hint` to check
 * `post_logout_redirect_uri` against the client's registered ones. Without the hint Keycloak asks the
 * person to confirm; the portal keeps no ID token to send (it carries every group: issue 21).
 */
export async function keycloakLogoutUrl(): Promise<string> {
  const local = new URL(SIGNED_OUT_PATH, env.NEXTAUTH_URL).toString();
  const end = await (endpoint ??= findEndSessionEndpoint());
  if (!end) return local;
  const url = new URL(end);
  url.searchParams.set("client_id", env.KEYCLOAK_CLIENT_ID);
  url.searchParams.set("post_logout_redirect_uri", local);
  return url.toString();
}

async function findEndSessionEndpoint(): Promise<string | null> {
  try {
    const res = await fetch(`${env.KEYCLOAK_ISSUER}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    return discovery.parse(await res.json()).end_session_endpoint;
  } catch (e) {
    endpoint = undefined; // try again on the next sign-out
    console.error("Keycloak discovery failed; signing out of the portal only", e);
    return null;
  }
}

/** next-auth's session cookie, possibly split into chunks (.0, .1, …). */
export function isSessionCookie(name: string): boolean {
  return /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name);
}

/**
 * A chunk of a session cookie is left over from before issue 21: the cookie now always fits in one
 * (lib/auth/options.test.ts), so chunks only grow the request towards Node's 16 KB header limit.
 */
export function isStaleSessionChunk(name: string): boolean {
  return /^(__Secure-)?next-auth\.session-token\.\d+$/.test(name);
}

/** Expires each cookie on the response (a __Secure- cookie can only be overwritten by a Secure one). */
export function expireCookies(res: Response, names: string[]): void {
  for (const name of names) res.headers.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
}
