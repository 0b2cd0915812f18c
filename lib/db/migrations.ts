// Versioned migrations without Prisma's native schema engine: its WebAssembly build runs the same
// diff and apply logic and records into `_prisma_migrations`, exactly like `prisma migrate deploy`.
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

// Resolved from the working directory: npm scripts and tests run in the repository, the standalone
// server chdirs into its own folder, and the container runs from /app; each has prisma/ there.
const root = process.cwd();
export const schemaPath = path.join(root, "prisma/schema.prisma");
export const migrationsDir = path.join(root, "prisma/migrations");
const noFilter = { externalTables: [], externalEnums: [] };

/** Applies every pending migration; returns the names applied now. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: noFilter });
    return out.appliedMigrationNames;
  });
}

/** SQL that would bring the committed migrations up to schema.prisma; empty when they agree. */
export async function pendingSchemaChange(databaseUrl: string): Promise<string> {
  return withEngine(databaseUrl, async (engine) => {
    const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }] };
    const result = await engine.diff({
      from: { tag: "migrations", ...(await readMigrations()) },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    const sql = (result.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  });
}

/** Names of migrations on disk that the database has not finished applying. */
export async function unappliedMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('_prisma_migrations') as t");
    const done = table.rows[0]?.t
      ? (await client.query("select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null")).rows.map((r) => r.migration_name as string)
      : [];
    const onDisk = (await readMigrations()).migrationDirectories.map((d) => d.path);
    return onDisk.filter((name) => !done.includes(name));
  } finally {
    await client.end();
  }
}

export async function readMigrations(): Promise<MigrationList> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8")
            .then((ok) => ({ tag: "ok" as const, value: ok }))
            .catch((e: Error) => ({ tag: "error" as const, value: e.message })),
        },
      })),
    ),
  };
}

async function withEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const wasm = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(engineAdapter(poolConfig(databaseUrl)));
  const schema = await readFile(schemaPath, "utf8");
  const engine = await wasm.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, adapter);
  return fn(engine);
}

// Split into fields: the adapter opens its shadow database with `{ ...config, database }`, which a
// connectionString would silently override, sending the shadow migrations to the real database.
function poolConfig(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname),
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database: url.pathname.slice(1) || undefined,
  };
}

// Three gaps in @prisma/adapter-pg 7.10 that only the schema engine meets:
// - a migration script is split at every ";", which cuts a function body (a trigger's) apart; the
//   native engine sends a migration whole, as one simple query (so one implicit transaction), and so
//   does this;
// - the catalog is read through Postgres' one-byte "char" type (oid 18), which the adapter does not
//   map; its values already arrive as strings, so it is reported as text;
// - the shadow database is dropped while the adapter's own pool still holds connections to it, so
//   the drop fails; here the pool is closed first.
const PG_CHAR = 18;
const PG_TEXT = 25;
type PerformIO = (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;

function engineAdapter(config: pg.PoolConfig) {
  const factory = new PrismaPg(config);
  const connect = async () => wholeScripts(charAsText(await new PrismaPg(config).connect()));
  factory.connect = connect;
  factory.connectToShadowDb = async () => {
    const main = await connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = wholeScripts(charAsText(await new PrismaPg({ ...config, database }).connect()));
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await main.executeScript(`DROP DATABASE "${database}"`);
      await main.dispose();
    };
    return shadow;
  };
  return factory;
}

function charAsText<A extends object>(adapter: A): A {
  const io = adapter as unknown as { performIO: PerformIO };
  const original = io.performIO.bind(adapter);
  io.performIO = async (query) => {
    const result = await original(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  return adapter;
}

function wholeScripts<A extends object>(adapter: A): A {
  const queryable = adapter as unknown as { client: pg.Pool; onError(e: unknown): never; executeScript(script: string): Promise<void> };
  queryable.executeScript = async (script) => {
    await queryable.client.query(script).catch((e: unknown) => queryable.onError(e));
  };
  return adapter;
}

// Instantiated by hand so no `--experimental-wasm-modules` flag is needed in any runtime.
let loaded: Promise<typeof glue> | undefined;
function loadEngineModule() {
  loaded ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loaded;
}
