// The one Prisma client. Kept on globalThis in development so hot reload does not open new pools.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

const g = globalThis as { prisma?: PrismaClient };

export const db = g.prisma ?? new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
if (env.NODE_ENV !== "production") g.prisma = db;
