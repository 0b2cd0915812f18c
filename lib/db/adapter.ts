// The driver adapter of the one Prisma client (lib/db.ts), kept apart so tests build the same pool.
import { PrismaPg } from "@prisma/adapter-pg";
import type { Env } from "@/lib/env";

export function dbAdapter(e: Pick<Env, "DATABASE_URL" | "DATABASE_POOL_MAX">) {
  return new PrismaPg({ connectionString: e.DATABASE_URL, ...(e.DATABASE_POOL_MAX ? { max: e.DATABASE_POOL_MAX } : {}) });
}
