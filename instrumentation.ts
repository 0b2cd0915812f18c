// Stamps each request's socket address (lib/http/client-address.ts), redacts the process's logs,
// then starts the hourly purge inside each portal process; the advisory lock in runPurge lets only
// one instance work at a time, so several replicas need no extra scheduler.
const HOUR_MS = 60 * 60 * 1000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Imported here, not at the top: Next also loads this file for the edge runtime, where the
  // database client cannot run.
  const { stampPeerAddress } = await import("./lib/http/client-address");
  stampPeerAddress();
  const { env } = await import("./lib/env");
  const { installLogRedaction, secretValues } = await import("./lib/log-redaction");
  installLogRedaction(secretValues(env));
  const { startMailSchedule, startPurgeSchedule } = await import("./lib/jobs/schedule");
  startPurgeSchedule(HOUR_MS);
  startMailSchedule(env.MAIL_WORKER_INTERVAL_SECONDS * 1000);
}
