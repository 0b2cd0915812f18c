// The signed-in person as every access rule sees them: roles and groups as last seen at sign-in,
// permissions from the admin's matrix under site policy, and the suspension switch.
import "server-only";
import { effectivePermissions } from "@/lib/access/permissions";
import type { SessionUser } from "@/lib/access/meetings";
import { db } from "@/lib/db";
import { getSettings } from "@/lib/settings";

/** `sessionVersion` comes from the session cookie: one signed out since gets nobody. */
export async function loadSessionUser(userId: string, sessionVersion = 0): Promise<SessionUser | null> {
  const [row, grants, settings] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, roles: true, groups: true, suspendedAt: true, timeZone: true, sessionVersion: true } }),
    db.permissionGrant.findMany({ select: { permission: true, subjectType: true, subject: true } }),
    getSettings(),
  ]);
  if (!row) return null;
  const { suspendedAt, sessionVersion: current, ...user } = row;
  if (current !== sessionVersion) return null;
  return { ...user, permissions: effectivePermissions(row, grants, settings), suspended: suspendedAt !== null };
}

/** Signs a person out everywhere: every session cookie issued before now stops working. */
export async function endSessions(who: { id: string } | { subject: string }): Promise<number> {
  const { count } = await db.user.updateMany({ where: who, data: { sessionVersion: { increment: 1 } } });
  return count;
}
