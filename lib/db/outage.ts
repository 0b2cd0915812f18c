// When Postgres is away: one clear answer (503 with Retry-After) instead of a wall of 500s, and one
// log line when the outage starts and one when it ends, not one per request (issue 14). The state is
// per process, on globalThis, because proxy.ts and the route handlers are separate bundles.
export const RETRY_AFTER_SECONDS = 5;
export const UNAVAILABLE_TITLE = "Temporarily unavailable";
export const UNAVAILABLE_MESSAGE = "The portal cannot reach its database right now. Please try again in a few seconds.";

// Driver adapter kinds, Prisma codes, Postgres SQLSTATEs (admin shutdown, starting up, connection
// failures) and socket errors that mean "not reachable", as opposed to a bad query.
const DOWN_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const DOWN_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);
const DOWN_MESSAGE = /Connection terminated|Can't reach database server|the database system is (starting up|shutting down)|Server has closed the connection/i;

const g = globalThis as { portalDatabaseDownSince?: number };

/** True for failures that mean the database cannot be reached (looks through causes and Prisma's metadata). */
export function isDatabaseDown(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const err = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof err.kind === "string" && DOWN_KINDS.has(err.kind)) return true;
  if (typeof err.code === "string" && DOWN_CODES.has(err.code)) return true;
  if (typeof err.message === "string" && DOWN_MESSAGE.test(err.message)) return true;
  return isDatabaseDown(err.cause, depth + 1) || isDatabaseDown(err.meta?.driverAdapterError, depth + 1);
}

export const databaseDown = () => g.portalDatabaseDownSince !== undefined;

/** Records the outage; logs only when it starts. */
export function noteOutage(e: unknown) {
  if (databaseDown()) return;
  g.portalDatabaseDownSince = Date.now();
  const reason = e instanceof Error ? e.message.split("\n").filter(Boolean).at(-1) : String(e);
  console.error(`database unreachable (${reason}); answering 503 until it is back`);
}

/**
 * Ends a recorded outage; logs once, with its length. Only a probe that reached the database says so
 * (lib/db/probe.ts: /api/health, every page): a request that merely did not fail proves nothing.
 */
export function noteRecovery() {
  const since = g.portalDatabaseDownSince;
  if (since === undefined) return;
  g.portalDatabaseDownSince = undefined;
  console.error(`database reachable again after ${Math.round((Date.now() - since) / 1000)} s`);
}

/** Logs `e`, except a database outage, which is noted once; true when it was one. */
export function reportError(context: string, e: unknown): boolean {
  if (isDatabaseDown(e)) {
    noteOutage(e);
    return true;
  }
  console.error(context, e);
  return false;
}
