// schema.prisma and prisma/migrations must agree, and the migrations must apply to an empty database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, pendingSchemaChange, readMigrations, unappliedMigrations } from "@/lib/db/migrations";
import { dropDatabase, emptyDatabase, scratchUrl } from "@/test/scratch-database";

const scratch = scratchUrl("portal_migrations_test");

describe("migrations", () => {
  beforeAll(() => emptyDatabase("portal_migrations_test"));
  afterAll(() => dropDatabase("portal_migrations_test"));

  it("schema.prisma has no change the committed migrations lack", async () => {
    expect(await pendingSchemaChange(scratch)).toBe("");
  });

  it("apply to an empty database, once, into _prisma_migrations", async () => {
    const all = (await readMigrations()).migrationDirectories.map((d) => d.path);
    expect(await unappliedMigrations(scratch)).toEqual(all);
    expect(await applyMigrations(scratch)).toEqual(all);
    expect(await applyMigrations(scratch)).toEqual([]);
    expect(await unappliedMigrations(scratch)).toEqual([]);
  });
});
