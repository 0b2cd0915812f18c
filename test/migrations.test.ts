// schema.prisma and prisma/migrations must agree, and the migrations must apply to an empty database.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, pendingSchemaChange, readMigrations, unappliedMigrations } from "@/lib/db/migrations";

const admin = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const scratch = `${admin.replace(/\/[^/]*$/, "")}/portal_migrations_test`;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  beforeAll(async () => {
    await adminQuery("drop database if exists portal_migrations_test with (force)");
    await adminQuery("create database portal_migrations_test");
  });
  afterAll(() => adminQuery("drop database if exists portal_migrations_test with (force)"));

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
