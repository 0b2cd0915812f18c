// Starts the hourly purge inside each portal process; the advisory lock in runPurge lets only one
// instance work at a time, so several replicas need no extra scheduler.
const HOUR_MS = 60 * 60 * 1000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Imported here, not at the top: Next also loads this file for the edge runtime, where the
  // database client cannot run.
  const { stampPeerAddress } = await import("./lib/http/client-address");
  stampPeerAddress();
  const { startMailSchedule, startPurgeSchedule } = await import("./lib/jobs/schedule");
  const { env } = await import("./lib/env");
  startPurgeSchedule(HOUR_MS);
  startMailSchedule(env.MAIL_WORKER_INTERVAL_SECONDS * 1000);
}
