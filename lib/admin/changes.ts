// Every admin change goes through here: validated input in, the change and its audit entry out.
import "server-only";
import type { SessionUser } from "@/lib/access/meetings";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { containsText } from "@/lib/db/text-match";
import { AppError } from "@/lib/errors";
import { eraseUser } from "@/lib/privacy/erase";
import type { ErasureInput, GrantInput, SettingsInput } from "@/lib/validation/admin";

// Each change commits together with its audit entry, or neither does.

/** Granting what is already granted changes nothing: parallel identical grants leave one row and one entry. */
export async function grantPermission(admin: SessionUser, g: GrantInput) {
  await db.$transaction(async (tx) => {
    // Not an upsert: one with nothing to update races into a unique violation (issue 21).
    const { count } = await tx.permissionGrant.createMany({ data: [g], skipDuplicates: true });
    if (count) await audit(admin, "permission.grant", { details: g }, tx);
  });
}

export async function revokePermission(admin: SessionUser, g: GrantInput) {
  await db.$transaction(async (tx) => {
    await tx.permissionGrant.deleteMany({ where: g });
    await audit(admin, "permission.revoke", { details: g }, tx);
  });
}

export async function updateSettings(admin: SessionUser, s: SettingsInput) {
  await db.$transaction(async (tx) => {
    await tx.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, ...s }, update: s });
    await audit(admin, "settings.update", { details: s }, tx);
  });
}

export async function setSuspended(admin: SessionUser, userId: string, suspended: boolean) {
  if (userId === admin.id) throw new AppError("You cannot suspend yourself.", 409, "self");
  await db.$transaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: userId }, data: { suspendedAt: suspended ? new Date() : null } });
    if (updated.count === 0) throw new AppError("No such user.", 404, "not_found");
    await audit(admin, suspended ? "user.suspend" : "user.unsuspend", { details: { userId } }, tx);
  });
}

export async function erasePerson(admin: SessionUser, userId: string, e: ErasureInput) {
  if (userId === admin.id) throw new AppError("You cannot erase yourself.", 409, "self");
  const person = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
  if (!person) throw new AppError("No such user.", 404, "not_found");
  if (e.confirmName !== person.name.trim()) throw new AppError("The name typed does not match; nothing was erased.", 422, "confirm");
  return eraseUser(admin, userId, e.meetings === "transfer" && e.transferTo ? { meetings: "transfer", to: e.transferTo } : { meetings: "delete" });
}

export const PEOPLE_PAGE_SIZE = 50;

export async function listPeople(q: { q?: string; page: number }) {
  const where = q.q ? { OR: [{ name: containsText(q.q) }, { email: containsText(q.q) }] } : {};
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (q.page - 1) * PEOPLE_PAGE_SIZE,
      take: PEOPLE_PAGE_SIZE,
      select: { id: true, name: true, email: true, roles: true, groups: true, lastSeenAt: true, suspendedAt: true },
    }),
    db.user.count({ where }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)) };
}

/** Who may take over an erased person's meetings: everyone not suspended, by name only. */
export function listHeirs() {
  return db.user.findMany({ where: { suspendedAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true }, take: 1000 });
}

/** Roles and groups worth offering in the matrix: the portal's own, those granted, those seen on users. */
export async function knownSubjects() {
  const [grants, users] = await Promise.all([
    db.permissionGrant.findMany({ select: { permission: true, subjectType: true, subject: true } }),
    db.user.findMany({ select: { roles: true, groups: true }, take: 5000 }),
  ]);
  const roles = new Set(["admin", "employee"]);
  const groups = new Set<string>();
  for (const u of users) {
    u.roles.forEach((r) => roles.add(r));
    u.groups.forEach((g) => groups.add(g));
  }
  for (const g of grants) (g.subjectType === "ROLE" ? roles : groups).add(g.subject);
  return { grants, roles: [...roles].sort(), groups: [...groups].sort() };
}
