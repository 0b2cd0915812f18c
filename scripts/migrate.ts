// npm run migrate            apply pending migrations to DATABASE_URL (what the container runs on start)
// npm run migrate:new NAME   write prisma/migrations/<timestamp>_NAME from the change in schema.prisma
// tsx scripts/migrate.ts check   exit 1 when schema.prisma and the migrations disagree
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { applyMigrations, migrationsDir, pendingSchemaChange } from "../lib/db/migrations";

const [command, name] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");

if (command === "deploy") {
  const applied = await applyMigrations(url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} else if (command === "new") {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("Give the migration a snake_case name");
  const sql = await pendingSchemaChange(url);
  if (!sql) {
    console.log("schema.prisma matches the migrations; nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql + "\n");
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} else if (command === "check") {
  const sql = await pendingSchemaChange(url);
  if (sql) {
    console.error("schema.prisma differs from prisma/migrations:\n" + sql);
    process.exit(1);
  }
  console.log("schema.prisma and prisma/migrations agree.");
} else {
  console.error("usage: migrate.ts deploy | new <name> | check");
  process.exit(2);
}
