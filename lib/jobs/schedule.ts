// The timer behind the scheduled purge (instrumentation.ts). A failed run is logged and retried at
// the next tick; it never takes the server down.
import { runPurge } from "@/lib/jobs/purge";

export function startPurgeSchedule(everyMs: number) {
  const tick = () =>
    runPurge().catch((e: unknown) => {
      console.error("scheduled purge failed", e);
    });
  // First run a minute after start, so a deploy does not wait on it.
  setTimeout(tick, 60_000).unref();
  setInterval(tick, everyMs).unref();
}
