import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { inputClass } from "@/components/ui/field";
import { requireAdmin } from "@/lib/access/admin";
import { ACTION_LABELS } from "@/lib/admin/audit-text";
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
        <select name="action" defaultValue={q.action ?? ""} aria-label="Action" className={`${inputClass} sm:w-auto`}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </select>
        <button type="submit" className="underline">
          Search
        </button>
      </form>
      {/* On a phone each entry is a block of its own (no header row); from sm up, a table. */}
      <table className="block w-full rounded-lg bg-white text-sm shadow-sm sm:table dark:bg-slate-900" data-testid="audit">
        <thead className="hidden sm:table-header-group">
          <tr className="text-left">
            <th className="w-px px-3 py-2 whitespace-nowrap">When</th>
            <th className="px-3 py-2">What happened</th>
          </tr>
        </thead>
        <tbody className="block sm:table-row-group">
          {rows.map((r) => (
            <tr key={r.id} className="block border-t border-slate-100 align-top sm:table-row dark:border-slate-800" data-testid="audit-entry">
              <td className="block px-3 pt-2 text-slate-500 sm:table-cell sm:py-2 sm:whitespace-nowrap sm:text-inherit">
                <LocalTime iso={r.at.toISOString()} fallbackZone="UTC" />
              </td>
              <td className="block px-3 pb-2 break-words sm:table-cell sm:py-2">
                <p data-testid="audit-text">
                  {r.text}
                  {r.meetingTitle && r.meetingId && (
                    <>
                      {" "}
                      <Link href={`/meetings/${r.meetingId}`} className="text-brand-600 underline">
                        open<span className="sr-only"> {r.meetingTitle}</span>
                      </Link>
                    </>
                  )}
                </p>
                {/* Ids and the raw record on demand: for searching and for tracing a case. */}
                <details className="text-xs text-slate-500">
                  <summary className="cursor-pointer">Ids and details</summary>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 font-mono break-all">
                    <dt>action</dt>
                    <dd>{r.action}</dd>
                    <dt>by</dt>
                    <dd>{r.actorId ?? r.actorName}</dd>
                    {r.meetingId && (
                      <>
                        <dt>meeting</dt>
                        <dd>{r.meetingId}</dd>
                      </>
                    )}
                    <dt>details</dt>
                    <dd>{JSON.stringify(r.details)}</dd>
                  </dl>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="flex flex-wrap items-center gap-4 text-sm" aria-label="Pages">
        <span className="text-slate-500">
          {total} entries · page {q.page} of {pages}
        </span>
        {q.page > 1 && (
          <Link className="underline" href={link(q.page - 1)}>
            Newer
          </Link>
        )}
        {q.page < pages && (
          <Link className="underline" href={link(q.page + 1)}>
            Older
          </Link>
        )}
      </nav>
    </div>
  );
}
