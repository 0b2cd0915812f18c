// Runs before pages, server actions and the invite-link API: refuses cross-site or oversized server
// actions (Next itself would answer them with a 500), answers 503 while the database is away, rate
// limits on invite links, a per-request CSP nonce, the security headers on everything it answers
// (lib/security-headers.ts), and an optimistic redirect of
// anonymous visitors to sign-in. Never the only guard: every page and handler checks access for itself.
import { type NextRequest, NextResponse } from "next/server";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, UNAVAILABLE_TITLE, isDatabaseDown, noteOutage } from "@/lib/db/outage";
import { databaseAnswers } from "@/lib/db/probe";
import { expireCookies, isStaleSessionChunk } from "@/lib/auth/logout";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { MAX_ACTION_BYTES, mutationRefusal } from "@/lib/http/request-guard";
import { hashLinkToken } from "@/lib/invites/link-token";
import { addressKey, hitAll, tooManyMessage } from "@/lib/rate-limit";
import { INVALID_LINK } from "@/lib/validation/invite";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

// Only the whole cookie counts: chunks are left over from before issue 21 and cleared below.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token$/;
const INVITE_PATH = /^\/(?:api\/)?join\/([^/]+)/;
const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];

export async function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const res = await route(req, nonce);
  // Every answer, the proxy's own redirects and refusals included, carries the one header policy.
  for (const [name, value] of securityHeaders(nonce)) res.headers.set(name, value);
  expireCookies(res, req.cookies.getAll().map((c) => c.name).filter(isStaleSessionChunk));
  return res;
}

async function route(req: NextRequest, nonce: string): Promise<Response> {
  const { pathname, search } = req.nextUrl;
  const api = pathname.startsWith("/api/");
  const invite = INVITE_PATH.exec(pathname);
  // A malformed %-escape makes Next's router answer 500 before any page or handler runs (issue 21):
  // under /join/ it is no link at all, anywhere else a bad address.
  if (decodePath(pathname) === null) {
    return invite ? refuse(req, 404, "invalid_link", "Invitation", INVALID_LINK) : refuse(req, 400, "bad_address", "Not a valid address", "This address is not valid. Check the link you followed.");
  }
  // Other route handlers guard themselves; the proxy runs on them only for the check above.
  if (api && !invite) return NextResponse.next();
  // A POST to a page is a server action (with JavaScript: a Next-Action header; without: a form post).
  if (!api && !SAFE_METHODS.includes(req.method)) {
    const refusal = mutationRefusal(req.headers, MAX_ACTION_BYTES);
    if (refusal) return refuse(req, refusal.status, refusal.code, refusal.status === 413 ? "Too large" : "Refused", refusal.message);
  }
  try {
    if (invite) {
      const refused = await limitInviteTraffic(req, decodeURIComponent(invite[1]!));
      if (refused) return refused;
      if (api) return NextResponse.next();
    }
    if (!(await databaseAnswers())) return unavailable(req);
  } catch (e) {
    if (!isDatabaseDown(e)) throw e;
    noteOutage(e);
    return unavailable(req);
  }
  if (pathname.startsWith("/meetings") && !req.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) {
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  return NextResponse.next({ request: { headers } });
}

/** Guessing links is slow work: per client address and per link, shared by all portal instances. */
async function limitInviteTraffic(req: NextRequest, token: string): Promise<Response | null> {
  const limit = await hitAll([
    { key: addressKey("join-address", clientAddress(req.headers)), max: env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE },
    { key: `join-link:${hashLinkToken(token).slice(0, 32)}`, max: env.RATE_LIMIT_PER_LINK_PER_MINUTE },
  ]);
  if (limit.ok) return null;
  const wait = limit.retryAfterSeconds;
  return refuse(req, 429, "rate_limited", "Too many attempts", tooManyMessage(wait), { "Retry-After": String(wait) });
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

function unavailable(req: NextRequest) {
  return refuse(req, 503, "unavailable", UNAVAILABLE_TITLE, UNAVAILABLE_MESSAGE, { "Retry-After": String(RETRY_AFTER_SECONDS) });
}

/** JSON for the API and for server actions called by script, a small page for everything a person sees. */
function refuse(req: NextRequest, status: number, code: string, title: string, message: string, extra: Record<string, string> = {}) {
  const headers = { "Cache-Control": "no-store", ...extra };
  if (req.nextUrl.pathname.startsWith("/api/") || req.headers.has("next-action")) return jsonError(status, code, message, headers);
  return new NextResponse(noticePage(title, message), { status, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

function noticePage(title: string, message: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1.5rem;line-height:1.5"><h1>${title}</h1><p>${message}</p></body></html>`;
}

export const config = {
  // Not /api/internal/*: a proxy reads a request's whole body before the handler sees it, and Jibri's
  // uploads there stream (an upload broken off must leave nothing, not wait forever).
  // Not the member token route at a well-formed address (no "%", so nothing for the check above): there
  // the proxy only set again the headers next.config.ts sets on every response, and running it on that
  // POST cost the route a fifth of its throughput and, at 200 connections, 2–5 s for about 1 request
  // in 40 (bench/token-route.ts, issue 15).
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }, { source: "/api/((?!internal/|meetings/[0-9a-f-]+/token$).*)" }],
};
