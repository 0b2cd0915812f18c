// RP-initiated logout: ending the portal session alone would leave Keycloak's SSO session signing
// the next person at this browser straight back in.
import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";

const discovery = z.object({ end_session_endpoint: z.url() });
let endpoint: Promise<string | null> | undefined;

export const SIGNED_OUT_PATH = "/signed-out";

export async function keycloakLogoutUrl(idToken: string | undefined): Promise<string> {
  const local = new URL(SIGNED_OUT_PATH, env.NEXTAUTH_URL).toString();
  const end = await (endpoint ??= findEndSessionEndpoint());
  if (!end) return local;
  const url = new URL(end);
  url.searchParams.set("client_id", env.KEYCLOAK_CLIENT_ID);
  url.searchParams.set("post_logout_redirect_uri", local);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
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
