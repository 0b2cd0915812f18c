// The timer behind the scheduled purge (instrumentation.ts). A failed run is logged and retried at
// the next tick; it never takes the server down.
import { reportError } from "@/lib/db/outage";
import { runMailWorker } from "@/lib/jobs/mail-worker";
import { runPurge } from "@/lib/jobs/purge";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";

export function startPurgeSchedule(everyMs: number) {
  const tick = () =>
    runPurge().catch((e: unknown) => {
      reportError("scheduled purge failed", e);
    });
  // First run a minute after start, so a deploy does not wait on it.
  setTimeout(tick, 60_000).unref();
  setInterval(tick, everyMs).unref();
}

// The mail worker (invitations, updates, reminders) and the webhook sender on the same footing: a
// failed pass is logged and the next tick tries again; overlapping ticks are skipped rather than stacked.
export function startMailSchedule(everyMs: number) {
  startWorker("mail worker", runMailWorker, everyMs);
  startWorker("webhook delivery", () => deliverDueWebhooks(), everyMs);
}

function startWorker(name: string, pass: () => Promise<unknown>, everyMs: number) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await pass();
    } catch (e: unknown) {
      // A database outage is logged once (lib/db/outage.ts), not at every tick.
      reportError(`${name} failed`, e);
    } finally {
      running = false;
    }
  };
  setInterval(tick, everyMs).unref();
}
