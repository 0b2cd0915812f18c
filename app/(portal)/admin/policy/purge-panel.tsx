// "Run purge now": a link opens the confirmation (a page state, so it needs no JavaScript), whose
// form runs the purge; the latest run's counts are shown either way.
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { buttonClass } from "@/components/ui/button";
import { purgeCounts } from "@/lib/admin/audit-text";
import { runPurgeAction } from "@/lib/actions/admin";
import { lastPurge } from "@/lib/jobs/purge";
import type { SettingsInput } from "@/lib/validation/admin";

export async function PurgePanel({ step, settings }: { step: "confirm" | "done" | "busy" | undefined; settings: Pick<SettingsInput, "meetingRetentionDays" | "auditRetentionDays" | "personRetentionDays"> }) {
  const last = await lastPurge();
  const counts = last?.details && typeof last.details === "object" && !Array.isArray(last.details) ? purgeCounts(last.details) : null;
  return (
    <section id="purge" aria-labelledby="purge-heading" className="space-y-3 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900">
      <h2 id="purge-heading" className="text-lg font-semibold">
        Purge
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Runs every hour. It deletes meetings that ended more than {settings.meetingRetentionDays} days ago (with their links, invitations
        and mail), audit entries older than {settings.auditRetentionDays} days, expired recordings, and the data of people who have not
        signed in for {settings.personRetentionDays} days.
      </p>
      {step === "done" && (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800" data-testid="purge-result">
          The purge ran: removed {counts}.
        </p>
      )}
      {step === "busy" && (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="purge-result">
          Another portal instance is purging right now. Try again in a minute.
        </p>
      )}
      {last && step !== "done" && (
        <p className="text-sm text-slate-500" data-testid="purge-last">
          Last run <LocalTime iso={last.at.toISOString()} fallbackZone="UTC" /> {last.actorId ? `by ${last.actorName}` : "(scheduled)"}: removed {counts}.
        </p>
      )}
      {step === "confirm" ? (
        <form action={runPurgeAction} className="space-y-3 rounded-md border border-red-200 p-4" aria-labelledby="purge-confirm">
          <p id="purge-confirm" className="text-sm font-medium">
            Delete everything that is past its retention now? This cannot be undone.
          </p>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className={buttonClass("danger")}>
              Yes, purge now
            </button>
            <Link href="/admin/policy#purge" className={buttonClass("secondary")}>
              Cancel
            </Link>
          </div>
        </form>
      ) : (
        <Link href="/admin/policy?purge=confirm#purge" className={buttonClass("secondary")}>
          Run purge now…
        </Link>
      )}
    </section>
  );
}
