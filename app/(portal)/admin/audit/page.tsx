import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { inputClass } from "@/components/ui/field";
import { requireAdmin } from "@/lib/access/admin";
import { AUDIT_ACTIONS, searchAudit } from "@/lib/audit";
import { pageQuery } from "@/lib/validation/admin";

export const metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireAdmin();
  const q = pageQuery.parse(await searchParams);
  const { rows, total, pages } = await searchAudit({ text: q.q, action: q.action, page: q.page });
  const link = (page: number) => `/admin/audit?${new URLSearchParams({ ...(q.q ? { q: q.q } : {}), ...(q.action ? { action: q.action } : {}), page: String(page) })}`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <form className="flex flex-wrap gap-2" role="search">
        <input name="q" defaultValue={q.q ?? ""} placeholder="Who, or a meeting/user id" aria-label="Search the audit log" className={`${inputClass} max-w-sm`} />
        <select name="action" defaultValue={q.action ?? ""} aria-label="Action" className={`${inputClass} w-auto`}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => <option key={a}>{a}</option>)}
        </select>
        <button type="submit" className="underline">Search</button>
      </form>
      <table className="min-w-full rounded-lg bg-white text-sm shadow-sm dark:bg-slate-900" data-testid="audit">
        <thead>
          <tr className="text-left"><th className="px-3 py-2">When</th><th className="px-3 py-2">Who</th><th className="px-3 py-2">What</th><th className="px-3 py-2">Meeting</th><th className="px-3 py-2">Details</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 align-top dark:border-slate-800" data-testid="audit-entry">
              <td className="px-3 py-2 whitespace-nowrap"><LocalTime iso={r.at.toISOString()} fallbackZone="UTC" /></td>
              <td className="px-3 py-2">{r.actorName}</td>
              <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
              <td className="px-3 py-2 font-mono text-xs">{r.meetingId ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs break-all">{JSON.stringify(r.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="flex items-center gap-4 text-sm" aria-label="Pages">
        <span className="text-slate-500">{total} entries · page {q.page} of {pages}</span>
        {q.page > 1 && <Link className="underline" href={link(q.page - 1)}>Newer</Link>}
        {q.page < pages && <Link className="underline" href={link(q.page + 1)}>Older</Link>}
      </nav>
    </div>
  );
}
