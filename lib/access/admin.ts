// Who may reach the admin area. The rule is pure; the guards below are what pages and handlers call.
import "server-only";
import { forbidden } from "next/navigation";
import { PORTAL_ROLES, type SessionUser } from "@/lib/access/meetings";
import { getUserOrNull, requireUser } from "@/lib/auth/session";

export function isAdmin(user: SessionUser): boolean {
  return !user.suspended && user.roles.includes(PORTAL_ROLES.admin);
}

/** For admin pages: anyone signed in but not an admin gets the 403 page. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (!isAdmin(user)) forbidden();
  return user;
}

/** For admin route handlers: the admin, or null; everyone else is answered 403 and nothing changes. */
export async function adminOrNull(): Promise<SessionUser | null> {
  const user = await getUserOrNull();
  return user && isAdmin(user) ? user : null;
}
