// Runs before every page: a per-request CSP nonce, security headers, and an optimistic redirect of
// anonymous visitors to sign-in. Never the only guard: every page and handler checks for itself.
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.0)?$/;

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
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

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
