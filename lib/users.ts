// The signed-in person as every access rule sees them: roles and groups as last seen at sign-in,
// permissions from the admin's matrix under site policy, and the suspension switch.
import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { type Grant, effectivePermissions } from "@/lib/access/permissions";
import type { SessionUser } from "@/lib/access/meetings";
import { db } from "@/lib/db";
import { PREPARED_SQL } from "@/lib/db/adapter";
import { type SiteSettings, getSettings, settingsOfThisRequest } from "@/lib/settings";

/**
 * `sessionVersion` comes from the session cookie: one signed out since gets nobody. One round trip:
 * the user's row, and a stamp of the permission matrix and site policy (grants' count and newest
 * time, the policy's last update). Matrix and policy are kept in memory per process and read again
 * only when the stamp changes, so an admin's change still binds the very next request everywhere.
 */
export async function loadSessionUser(userId: string, sessionVersion = 0): Promise<SessionUser | null> {
  const [row] = await db.$queryRaw<SessionUserRow[]>`${PREPARED_SQL} select ${sessionUserColumns} from "User" u where u.id = ${userId}::uuid`;
  return sessionUserFrom(row, sessionVersion);
}

/** What a session user is made of, for a statement on "User" u; one that also reads more uses it too (the token route). */
export const sessionUserColumns = Prisma.sql`
  u.id, u.name, u.email, u.roles, u.groups, u."suspendedAt", u."timeZone", u."sessionVersion",
  (select count(*) || '/' || coalesce(max("createdAt")::text, '') from "PermissionGrant")
    || '|' || coalesce((select "updatedAt"::text from "SiteSettings" where id = 1), '') as "policyStamp"`;

/** The session user from a row of sessionUserColumns; null when none, or signed out since the cookie was issued. */
export async function sessionUserFrom(row: SessionUserRow | undefined, sessionVersion = 0): Promise<SessionUser | null> {
  if (!row) return null;
  const { suspendedAt, sessionVersion: current, policyStamp, ...user } = row;
  if (current !== sessionVersion) return null;
  const policy = policyAt(policyStamp);
  const known = policy.then((p) => p.settings);
  known.catch(() => undefined); // a failure is the awaiting caller's to see, never an unhandled rejection
  settingsOfThisRequest().known = known;
  const { grants, settings } = await policy;
  return { ...user, permissions: effectivePermissions(row, grants, settings), suspended: suspendedAt !== null };
}

export type SessionUserRow = Pick<SessionUser, "id" | "name" | "email" | "roles" | "groups" | "timeZone"> & { suspendedAt: Date | null; sessionVersion: number; policyStamp: string };
type Policy = { grants: Grant[]; settings: SiteSettings };
const cached = globalThis as { portalPolicy?: { stamp: string; policy: Promise<Policy> } };

// Read after the stamp was seen, so what is kept under a stamp is never older than it.
function policyAt(stamp: string): Promise<Policy> {
  if (cached.portalPolicy?.stamp !== stamp) {
    const policy = Promise.all([db.permissionGrant.findMany({ select: { permission: true, subjectType: true, subject: true } }), getSettings()]).then(([grants, settings]) => ({ grants, settings }));
    cached.portalPolicy = { stamp, policy };
    // A failed read is not kept: the next request tries again.
    policy.catch(() => cached.portalPolicy?.policy === policy && (cached.portalPolicy = undefined));
  }
  return cached.portalPolicy!.policy;
}

/** Signs a person out everywhere: every session cookie issued before now stops working. */
export async function endSessions(who: { id: string } | { subject: string }): Promise<number> {
  const { count } = await db.user.updateMany({ where: who, data: { sessionVersion: { increment: 1 } } });
  return count;
}
