// The permission matrix and site policy are kept in memory per process, yet a change binds the very
// next request: the stamp read with the user's row changes with every grant added or removed and every
// policy save. Runs against the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { loadSessionUser } from "@/lib/users";

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

it("a grant added or removed, or the policy saved, counts from the next load on", async () => {
  const role = `role-${randomUUID()}`;
  const user = await db.user.create({ data: { subject: randomUUID(), name: "Pat", roles: [role], groups: [] } });
  const permissions = async () => (await loadSessionUser(user.id))!.permissions;
  expect(await permissions()).not.toContain("RECORD");

  await db.$executeRaw`insert into "PermissionGrant" (permission, "subjectType", subject) values ('RECORD', 'ROLE', ${role})`;
  expect(await permissions()).toContain("RECORD");

  // Recording off site-wide overrides every grant; restored afterwards for the other tests.
  const before = await db.siteSettings.findUnique({ where: { id: 1 } });
  await db.siteSettings.upsert({ where: { id: 1 }, create: { recordingAllowed: false }, update: { recordingAllowed: false } });
  try {
    expect(await permissions()).not.toContain("RECORD");
  } finally {
    if (before) await db.siteSettings.update({ where: { id: 1 }, data: { recordingAllowed: before.recordingAllowed } });
    else await db.siteSettings.delete({ where: { id: 1 } });
  }
  expect(await permissions()).toContain("RECORD");

  await db.$executeRaw`delete from "PermissionGrant" where subject = ${role}`;
  expect(await permissions()).not.toContain("RECORD");
});
