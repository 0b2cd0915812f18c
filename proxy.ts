// Runs before pages and the invite-link API: rate limits on invite links, a per-request CSP nonce,
// security headers, and an optimistic redirect of anonymous visitors to sign-in. Never the only
// guard: every page and handler checks access for itself.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { hashLinkToken } from "@/lib/invites/link-token";
import { addressKey, clientAddress, hit } from "@/lib/rate-limit";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.0)?$/;
const INVITE_PATH = /^\/(?:api\/)?join\/([^/]+)/;

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const invite = INVITE_PATH.exec(pathname);
  if (invite) {
    const refused = await limitInviteTraffic(req, invite[1]!);
    if (refused) return refused;
    if (pathname.startsWith("/api/")) return NextResponse.next();
  }
  if (pathname.startsWith("/meetings") && !req.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) {
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of securityHeaders()) res.headers.set(name, value);
  return res;
}

/** Guessing links is slow work: per client address and per link, shared by all portal instances. */
async function limitInviteTraffic(req: NextRequest, token: string): Promise<Response | null> {
  const checks = await Promise.all([
    hit(addressKey("join-address", clientAddress(req.headers)), env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE),
    hit(`join-link:${hashLinkToken(decodeURIComponent(token)).slice(0, 32)}`, env.RATE_LIMIT_PER_LINK_PER_MINUTE),
  ]);
  const wait = Math.max(0, ...checks.map((c) => (c.ok ? 0 : c.retryAfterSeconds)));
  if (!wait) return null;
  const message = `Too many attempts. Please wait ${wait} seconds and try again.`;
  const headers = { "Retry-After": String(wait), "Cache-Control": "no-store" };
  return req.nextUrl.pathname.startsWith("/api/")
    ? NextResponse.json({ error: { code: "rate_limited", message } }, { status: 429, headers })
    : new NextResponse(tooManyPage(message), { status: 429, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

function tooManyPage(message: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Too many attempts</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1.5rem;line-height:1.5"><h1>Too many attempts</h1><p>${message}</p></body></html>`;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }, { source: "/api/join/:path*" }],
};
