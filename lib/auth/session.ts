// The page, action and route-handler guard: who is calling, or nobody.
import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/access/meetings";
import { sessionUserFromToken } from "@/lib/auth/options";
import { env } from "@/lib/env";

/**
 * Decodes the session cookie and nothing more. getServerSession would also run next-auth's whole
 * handler and re-issue the cookie on every call, tripling the token route's cost (bench/).
 */
export async function getUserOrNull(): Promise<SessionUser | null> {
  // getToken reads only `cookies.getAll()` and `headers`, which Next's request APIs provide.
  const req = { cookies: await cookies(), headers: await headers() } as unknown as NextRequest;
  const token = await getToken({ req, secret: env.NEXTAUTH_SECRET });
  return token?.uid ? sessionUserFromToken(token) : null;
}

/** For pages and actions: anonymous callers go to the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getUserOrNull();
  if (!user) redirect("/login");
  return user;
}
