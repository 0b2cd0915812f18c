// /admin/doctor — the deployment checks of `npm run doctor`, run by the server with its own settings.
import { Suspense } from "react";
import { buttonClass } from "@/components/ui/button";
import { requireAdmin } from "@/lib/access/admin";
import { runDoctor, type DoctorCheck } from "@/lib/doctor/checks";
import { serverEnv } from "@/lib/doctor/server-env";

export const metadata = { title: "Deployment doctor" };

export default async function DoctorPage() {
  await requireAdmin();
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-bold">Deployment doctor</h1>
        {/* A full page load, so every check runs afresh rather than from the router's cache. */}
        <a href="/admin/doctor" className={buttonClass("secondary")}>
          Run again
        </a>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The portal's server checks its settings, Keycloak, Jitsi, the clocks and its database the way it meets them when
        people sign in and join. The same checks run from a shell with <code>npm run doctor</code>.
      </p>
      <Suspense fallback={<p role="status" className="text-slate-500">Running the checks (up to a few seconds)…</p>}>
        <DoctorResults />
      </Suspense>
    </div>
  );
}

async function DoctorResults() {
  const checks = await runDoctor({ env: serverEnv() });
  const failed = checks.filter((c) => !c.ok).length;
  return (
    <section aria-labelledby="doctor-summary" className="space-y-4">
      <p id="doctor-summary" role="status" className={`font-semibold ${failed ? "text-red-700 dark:text-red-400" : "text-green-700 dark:text-green-400"}`}>
        {failed ? `${failed} of ${checks.length} checks failed.` : `All ${checks.length} checks passed.`}
      </p>
      <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="doctor-checks">
        {checks.map((c) => (
          <CheckItem key={c.id} check={c} />
        ))}
      </ul>
    </section>
  );
}

function CheckItem({ check }: { check: DoctorCheck }) {
  return (
    <li className="flex flex-col gap-1 px-4 py-3" data-check={check.id} data-ok={check.ok}>
      <div className="flex items-center gap-3">
        {/* The status is spelled out, so it does not depend on seeing the colour. */}
        <span
          className={`inline-flex shrink-0 items-center gap-1 rounded px-2 py-0.5 text-xs font-semibold ${
            check.ok ? "bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-300" : "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300"
          }`}
        >
          <span aria-hidden="true">{check.ok ? "✔" : "✘"}</span>
          {check.ok ? "Passed" : "Failed"}
        </span>
        <h2 className="font-medium">{check.title}</h2>
      </div>
      <p className="whitespace-pre-line break-words text-sm text-slate-600 dark:text-slate-300">{check.detail}</p>
      {check.hint && (
        <p className="break-words text-sm">
          <span className="font-semibold">How to fix: </span>
          {check.hint}
        </p>
      )}
    </li>
  );
}
