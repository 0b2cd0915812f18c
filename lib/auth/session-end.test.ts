// Sessions that end (issue 14): a signed-out cookie, or one Keycloak ended, finds nobody. Runs against
// the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { endSessions, loadSessionUser } from "@/lib/users";

describe("session version", () => {
  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
  });

  it("a cookie from before a sign-out finds nobody; a new sign-in works", async () => {
    const user = await db.user.create({ data: { subject: randomUUID(), name: "Sam", roles: [], groups: [] } });
    expect((await loadSessionUser(user.id, 0))?.id).toBe(user.id);
    // Cookies from before this change carry no version: they count as version 0.
    expect((await loadSessionUser(user.id))?.id).toBe(user.id);
    expect(await endSessions({ id: user.id })).toBe(1);
    expect(await loadSessionUser(user.id, 0)).toBeNull();
    expect((await loadSessionUser(user.id, 1))?.id).toBe(user.id);
  });

  it("Keycloak's back-channel logout names the user by subject", async () => {
    const subject = randomUUID();
    const user = await db.user.create({ data: { subject, name: "Kim", roles: [], groups: [] } });
    expect(await endSessions({ subject })).toBe(1);
    expect(await loadSessionUser(user.id, 0)).toBeNull();
    expect(await endSessions({ subject: randomUUID() })).toBe(0);
  });
});
