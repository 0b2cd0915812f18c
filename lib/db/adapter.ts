// The driver adapter of the one Prisma client (lib/db.ts), kept apart so tests build the same pool.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma } from "@/generated/prisma/client";
import type { Env } from "@/lib/env";

export function dbAdapter(e: Pick<Env, "DATABASE_URL" | "DATABASE_POOL_MAX">) {
  return new PrismaPg({ connectionString: e.DATABASE_URL, ...(e.DATABASE_POOL_MAX ? { max: e.DATABASE_POOL_MAX } : {}) }, { statementNameGenerator: preparedName as (q: { sql: string }) => string });
}

/** Starts a statement that runs on every request (the session read, the token route, the list). */
export const PREPARED = "/* prepared */";
export const PREPARED_SQL = Prisma.raw(PREPARED);

/**
 * Statements that begin with PREPARED are prepared once per connection and then only executed:
 * Postgres plans them once, not on every call (planning was 0.4 ms of the token statement's 0.7 ms
 * in Postgres, bench/). Only marked ones, because a prepared statement lasts as long as its
 * connection, so their texts must be few and fixed; every other statement stays unnamed.
 */
export function preparedName(query: { sql: string }): string | undefined {
  if (!query.sql.startsWith(PREPARED)) return undefined;
  let name = names.get(query.sql);
  if (!name) names.set(query.sql, (name = `p_${createHash("sha256").update(query.sql).digest("base64url").slice(0, 40)}`));
  return name;
}
const names = new Map<string, string>();
