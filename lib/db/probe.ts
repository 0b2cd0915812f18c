// Is the database answering? Asked by /api/health and by proxy.ts before every page and server action,
// so a page never meets an outage half-rendered (App Router pages cannot answer 503 themselves).
import "server-only";
import { db } from "@/lib/db";
import { databaseDown, noteOutage, noteRecovery } from "@/lib/db/outage";

// Generous: the first query of a cold process also loads Prisma's query compiler.
const TIMEOUT_MS = 5000;
// A probe that answered stands for this long, unless a query failed meanwhile (noteOutage): pages then
// cost no extra round trip under load, at most one probe a second per process.
const FRESH_MS = 1000;
const g = globalThis as { portalDatabaseProbe?: Promise<boolean>; portalDatabaseAnsweredAt?: number };

/** `select 1`, shared by concurrent callers: one probe in flight per process. */
export function databaseAnswers(): Promise<boolean> {
  if (!databaseDown() && Date.now() - (g.portalDatabaseAnsweredAt ?? 0) < FRESH_MS) return Promise.resolve(true);
  return (g.portalDatabaseProbe ??= probe().finally(() => (g.portalDatabaseProbe = undefined)));
}

async function probe(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Can't reach database server within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([db.$queryRaw`select 1`, timeout]);
    g.portalDatabaseAnsweredAt = Date.now();
    noteRecovery();
    return true;
  } catch (e) {
    noteOutage(e);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
