// The one header policy for every response the portal sends. next.config.ts stamps it on everything
// (route handlers, next-auth, static files, 404s); proxy.ts stamps it again on what it sees, with a
// per-request nonce in the CSP for pages, and on its own redirects and refusals (issue 21).
import { env } from "./env";
import { JITSI_FRAME_FEATURES } from "./jitsi/embed-config";

const dev = env.NODE_ENV === "development";
// HSTS and upgrades only where the portal is really served over TLS (not `next start` on loopback).
const tls = /^https:/.test(env.NEXTAUTH_URL ?? ""); // ?? : unset while `next build` skips validation

/**
 * Only our own origin and the Jitsi domain may run scripts or be framed; no inline script without the
 * nonce. Without a nonce (responses the proxy does not see) no inline script runs at all.
 */
export function contentSecurityPolicy(nonce?: string): string {
  const jitsi = `https://${env.JITSI_DOMAIN}`;
  return [
    "default-src 'self'",
    // The SDK injects external_api.js from the Jitsi domain without a nonce, so that host is listed.
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ""} ${jitsi}${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${dev ? " ws:" : ""}`,
    `frame-src ${jitsi}`,
    `media-src 'self' blob:`,
    "object-src 'none'",
    // The portal sets no <base>; none may be injected to redirect relative script URLs.
    "base-uri 'none'",
    "form-action 'self' " + new URL(env.KEYCLOAK_ISSUER).origin,
    "frame-ancestors 'none'",
    ...(tls ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(nonce?: string): [string, string][] {
  return [
    ["Content-Security-Policy", contentSecurityPolicy(nonce)],
    // No referrer ever leaves the portal (meeting URLs carry ids). Not "no-referrer": with it Chrome
    // sends `Origin: null` on form posts, which fails the server actions' CSRF origin check.
    ["Referrer-Policy", "same-origin"],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Permissions-Policy", permissionsPolicy()],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ...(tls ? ([["Strict-Transport-Security", "max-age=63072000; includeSubDomains"]] as [string, string][]) : []),
  ];
}

/**
 * What the embedded conference's frame needs is delegated to the Jitsi origin and to no other
 * (a frame's `allow` cannot grant more than this header); the portal itself asks for no location.
 */
export function permissionsPolicy(): string {
  const jitsi = `"https://${env.JITSI_DOMAIN}"`;
  return [...JITSI_FRAME_FEATURES.map((f) => `${f}=(self ${jitsi})`), "geolocation=()"].join(", ");
}
