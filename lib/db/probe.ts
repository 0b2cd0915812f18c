// Is the database answering? Asked by /api/health and by proxy.ts before every page and server action,
// so a page never meets an outage half-rendered (App Router pages cannot answer 503 themselves).
import "server-only";
import { db } from "@/lib/db";
import { noteOutage, noteRecovery } from "@/lib/db/outage";

// Generous: the first query of a cold process also loads Prisma's query compiler.
const TIMEOUT_MS = 5000;
const g = globalThis as { portalDatabaseProbe?: Promise<boolean> };

/** `select 1`, shared by concurrent callers: one probe in flight per process. */
export function databaseAnswers(): Promise<boolean> {
  return (g.portalDatabaseProbe ??= probe().finally(() => (g.portalDatabaseProbe = undefined)));
}

async function probe(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Can't reach database server within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([db.$queryRaw`select 1`, timeout]);
    noteRecovery();
    return true;
  } catch (e) {
    noteOutage(e);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
