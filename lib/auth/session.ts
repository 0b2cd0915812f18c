// The page, action and route-handler guard: who is calling, or nobody.
import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/lib/access/meetings";
import { authOptions } from "@/lib/auth/options";

export async function getUserOrNull(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ? session.user : null;
}

/** For pages and actions: anonymous callers go to the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getUserOrNull();
  if (!user) redirect("/login");
  return user;
}
