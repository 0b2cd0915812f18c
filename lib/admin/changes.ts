// Every admin change goes through here: validated input in, the change and its audit entry out.
import "server-only";
import type { SessionUser } from "@/lib/access/meetings";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { containsText, sameText } from "@/lib/db/text-match";
import { knownGroups } from "@/lib/groups/known";
import { AppError } from "@/lib/errors";
import { eraseUser } from "@/lib/privacy/erase";
import type { ErasureInput, GrantInput, SettingsInput } from "@/lib/validation/admin";

// Each change commits together with its audit entry, or neither does.

/** Granting what is already granted changes nothing: parallel identical grants leave one row and one entry. */
export async function grantPermission(admin: SessionUser, g: GrantInput) {
  // One column per role or group: the same name in other letter case would be a second column.
  // (Compared here: Prisma's `not` would be case-insensitive too under the insensitive mode.)
  const spellings = await db.permissionGrant.findMany({ where: { subjectType: g.subjectType, subject: sameText(g.subject) }, select: { subject: true }, distinct: ["subject"] });
  const twin = spellings.find((s) => s.subject !== g.subject);
  if (twin) throw new AppError(`There is already a column for ${g.subjectType === "ROLE" ? "role" : "group"} "${twin.subject}"; use that one.`, 409, "duplicate", "subject");
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

/** Saves the policy only if nobody saved it since the form was rendered (compare-and-set on version). */
export async function updateSettings(admin: SessionUser, { version, ...s }: SettingsInput) {
  const saved = await db.$transaction(async (tx) => {
    const updated = await tx.siteSettings.updateMany({ where: { id: 1, version }, data: { ...s, version: { increment: 1 } } });
    // Until the first save there is no row: version 0 creates it, and of two first saves one loses.
    const created = updated.count === 0 && version === 0 && (await tx.siteSettings.createMany({ data: [{ id: 1, ...s, version: 1 }], skipDuplicates: true })).count === 1;
    if (updated.count === 0 && !created) return false;
    await audit(admin, "settings.update", { details: s }, tx);
    return true;
  });
  if (!saved) throw await staleSettings(s);
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

/**
 * Roles and groups worth offering in the matrix: the portal's own, those granted, those seen on
 * users; `suggestedGroups` adds the realm's and those meetings are shared with, for a new column.
 */
export async function knownSubjects() {
  const [grants, users, suggestedGroups] = await Promise.all([
    db.permissionGrant.findMany({ select: { permission: true, subjectType: true, subject: true } }),
    db.user.findMany({ select: { roles: true, groups: true }, take: 5000 }),
    knownGroups(),
  ]);
  const roles = new Set(["admin", "employee"]);
  const groups = new Set<string>();
  for (const u of users) {
    u.roles.forEach((r) => roles.add(r));
    u.groups.forEach((g) => groups.add(g));
  }
  for (const g of grants) (g.subjectType === "ROLE" ? roles : groups).add(g.subject);
  return { grants, roles: [...roles].sort(), groups: [...groups].sort(), suggestedGroups };
}

const SETTING_LABELS: Record<keyof Omit<SettingsInput, "version">, string> = {
  organisationName: "organisation name",
  guestLobbyDefault: "lobby for guests",
  inviteMaxDays: "longest link lifetime",
  recordingAllowed: "recording",
  e2eeDefault: "end-to-end encryption",
  meetingRetentionDays: "keeping ended meetings",
  auditRetentionDays: "keeping audit entries",
  personRetentionDays: "keeping people",
  attendanceAllowed: "attendance",
  attendanceRetentionDays: "keeping attendance",
  organisationDomains: "organisation mail domains",
};

/** 409: who saved the policy last, and where it now differs from the refused form. */
async function staleSettings(s: Omit<SettingsInput, "version">): Promise<AppError> {
  const [current, last] = await Promise.all([
    db.siteSettings.findUnique({ where: { id: 1 } }),
    db.auditEntry.findFirst({ where: { action: "settings.update" }, orderBy: { at: "desc" }, select: { actorName: true, at: true } }),
  ]);
  const differs = (Object.keys(SETTING_LABELS) as (keyof typeof SETTING_LABELS)[]).filter((k) => current && s[k] !== undefined && JSON.stringify(current[k]) !== JSON.stringify(s[k])).map((k) => SETTING_LABELS[k]);
  const who = last ? `${last.actorName} saved the policy at ${last.at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "The policy was saved";
  return new AppError(
    `${who} after this page was opened${differs.length ? ` (it now differs from yours in: ${differs.join(", ")})` : ""}. Nothing was saved: reload the page to see the current policy, then make your change again.`,
    409,
    "conflict",
  );
}
