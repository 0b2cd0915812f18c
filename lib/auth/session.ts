// The page, action and route-handler guard: who is calling, or nobody.
import "server-only";
import { type JWT, getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { cache } from "react";
import type { SessionUser } from "@/lib/access/meetings";
import { decodeSessionToken } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { loadSessionUser } from "@/lib/users";

/**
 * Decodes the session cookie, then reads the user's current rights from the database, so a
 * suspension, a changed grant or a sign-out elsewhere applies to the very next request. (getServerSession would also run
 * next-auth's whole handler and re-issue the cookie on every call: three times the cost, bench/.)
 */
export const getUserOrNull = cache(async (): Promise<SessionUser | null> => {
  const claims = await sessionClaims();
  return claims ? loadSessionUser(claims.uid, claims.sv) : null;
});

/** The verified session cookie's claims, no database: for a caller that reads the user within its own statement. */
export const sessionClaims = cache(async (): Promise<JWT | null> => {
  // getToken reads only `cookies.getAll()` and `headers`, which Next's request APIs provide.
  const req = { cookies: await cookies(), headers: await headers() } as unknown as NextRequest;
  const token = await getToken({ req, secret: env.NEXTAUTH_SECRET, decode: decodeSessionToken });
  return token?.uid ? token : null;
});

/** For pages and actions: anonymous callers go to sign-in, suspended ones to a page that says so. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getUserOrNull();
  if (!user) redirect("/login");
  if (user.suspended) redirect("/suspended");
  return user;
}
