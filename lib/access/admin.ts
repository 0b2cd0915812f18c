// Who may reach the admin area. The rule is pure; the guards below are what pages and handlers call.
import "server-only";
import { notFound } from "next/navigation";
import { PORTAL_ROLES, type SessionUser } from "@/lib/access/meetings";
import { getUserOrNull, requireUser } from "@/lib/auth/session";

export function isAdmin(user: SessionUser): boolean {
  return user.roles.includes(PORTAL_ROLES.admin);
}

/** For admin pages: anyone else sees the not-found page, so the area does not announce itself. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (!isAdmin(user)) notFound();
  return user;
}

/** For admin route handlers: the caller if an admin, otherwise the status to answer with. */
export async function adminOrStatus(): Promise<SessionUser | 401 | 403> {
  const user = await getUserOrNull();
  if (!user) return 401;
  return isAdmin(user) ? user : 403;
}
