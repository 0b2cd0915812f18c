// RP-initiated logout: ending the portal session alone would leave Keycloak's SSO session signing
// the next person at this browser straight back in.
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { env } from "@/lib/env";
import { escapeHtml } from "@/lib/http/escape-html";

const discovery = z.object({ end_session_endpoint: z.url() });
let endpoint: Promise<string | null> | undefined;

export const SIGNED_OUT_PATH = "/signed-out";
// Keycloak (Quarkus) refuses a request line over 4,096 bytes by default, and an ID token with many groups is far
// longer (1,000 groups: about 28 KB), so such a sign-out posts the same fields instead (the spec allows both).
const MAX_REDIRECT_URL = 4000;

/**
 * Keycloak's end-session URL (OIDC RP-Initiated Logout 1.0). With the sign-in's ID token as
 * `id_token_hint` Keycloak ends that session without asking; `client_id` checks
 * `post_logout_redirect_uri` against the client's registered ones. Without a token (a sign-in from
 * before sign-in sessions were kept) Keycloak asks "Do you want to log out?" first.
 */
export async function keycloakLogoutUrl(idToken: string | null): Promise<string> {
  const local = new URL(SIGNED_OUT_PATH, env.NEXTAUTH_URL).toString();
  const end = await (endpoint ??= findEndSessionEndpoint());
  if (!end) return local;
  const url = new URL(end);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("client_id", env.KEYCLOAK_CLIENT_ID);
  url.searchParams.set("post_logout_redirect_uri", local);
  return url.toString();
}

/** Sends the browser to Keycloak's end-session URL: a redirect, or a form post when the URL is too long. */
export function goToLogout(target: string, nonce: string | null): NextResponse {
  if (target.length <= MAX_REDIRECT_URL) return NextResponse.redirect(target, 303);
  const url = new URL(target);
  const fields = [...url.searchParams].map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  url.search = "";
  // The button is for a browser without JavaScript; the nonce lets the script past the CSP (proxy.ts).
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head><body>
<form id="logout" method="post" action="${escapeHtml(url.toString())}">${fields.join("")}<p>Signing you out…</p><button type="submit">Continue</button></form>
<script nonce="${escapeHtml(nonce ?? "")}">document.getElementById("logout").submit()</script></body></html>`;
  return new NextResponse(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
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
