// Site policy saved from a stale page (issue 21): refused with who saved it and what differs, and
// nothing overwritten. Runs against the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { updateSettings } from "@/lib/admin/changes";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { AppError } from "@/lib/errors";
import { defaultSettings } from "@/lib/settings";

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

const admin = (name: string): SessionUser => ({ id: randomUUID(), name, email: null, roles: ["admin"], groups: [], permissions: [], suspended: false, timeZone: null });

it("a save from a page rendered before another admin's save is refused and overwrites nothing", async () => {
  const before = await db.siteSettings.findUnique({ where: { id: 1 } });
  const { version: _v, ...base } = before ?? defaultSettings();
  const version = before?.version ?? 0;
  try {
    await updateSettings(admin("Ada Admin"), { ...base, organisationName: "First tab", version });
    const stale = await updateSettings(admin("Bea Admin"), { ...base, recordingAllowed: !base.recordingAllowed, version }).then(() => null, (e: unknown) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect((stale as AppError).status).toBe(409);
    expect((stale as AppError).message).toMatch(/^Ada Admin saved the policy at .* UTC after this page was opened \(it now differs from yours in: organisation name, recording\)\. Nothing was saved/);
    expect(await db.siteSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ organisationName: "First tab", recordingAllowed: base.recordingAllowed, version: version + 1 });
  } finally {
    const { id: _id, updatedAt: _u, version: _w, ...restore } = before ?? { id: 1, updatedAt: null, ...defaultSettings() };
    if (before) await db.siteSettings.update({ where: { id: 1 }, data: restore });
    else await db.siteSettings.delete({ where: { id: 1 } });
  }
});
