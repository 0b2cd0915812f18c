// The one Prisma client. Kept on globalThis in development so hot reload does not open new pools.
import "server-only";
import { PrismaClient } from "@/generated/prisma/client";
import { dbAdapter } from "@/lib/db/adapter";
import { env } from "@/lib/env";

const g = globalThis as { prisma?: PrismaClient };

export const db = g.prisma ?? new PrismaClient({ adapter: dbAdapter(env) });
if (env.NODE_ENV !== "production") g.prisma = db;
