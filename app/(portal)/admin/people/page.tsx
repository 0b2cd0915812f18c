import { LocalTime } from "@/components/local-time";
import { requireAdmin } from "@/lib/access/admin";
import { listHeirs, listPeople } from "@/lib/admin/changes";
import { inputClass } from "@/components/ui/field";
import { pageQuery } from "@/lib/validation/admin";
import { ErasePerson } from "./erase-person";
import { SuspendSwitch } from "./suspend-switch";

export const metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: PageProps<"/admin/people">) {
  const admin = await requireAdmin();
  const q = pageQuery.parse(await searchParams);
  const [{ rows, total, pages }, heirs] = await Promise.all([listPeople(q), listHeirs()]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">People</h1>
      <form className="flex gap-2" role="search">
        <input name="q" defaultValue={q.q ?? ""} placeholder="Name or email" aria-label="Search people" className={`${inputClass} max-w-sm`} />
      </form>
      {/* On a phone each person is a block, each value labelled; from sm up, a table. */}
      <table className="block w-full rounded-lg bg-white text-sm shadow-sm sm:table dark:bg-slate-900" data-testid="people">
        <thead className="hidden sm:table-header-group">
          <tr className="text-left">
            <th className="px-3 py-2">Name</th><th className="px-3 py-2">Roles</th><th className="px-3 py-2">Groups</th><th className="px-3 py-2">Last sign-in</th><th className="px-3 py-2">Access</th>
          </tr>
        </thead>
        <tbody className="block sm:table-row-group">
          {rows.map((u) => (
            <tr key={u.id} className="block border-t border-slate-100 py-2 sm:table-row sm:py-0 dark:border-slate-800" data-testid="person">
              <td className={cell}>{u.name}<span className="block text-xs break-all text-slate-500">{u.email}</span></td>
              <td className={cell}><span className={label}>Roles: </span>{u.roles.join(", ") || "—"}</td>
              <td className={cell}><span className={label}>Groups: </span>{u.groups.join(", ") || "—"}</td>
              <td className={cell}><span className={label}>Last sign-in: </span><LocalTime iso={u.lastSeenAt.toISOString()} fallbackZone="UTC" /></td>
              <td className={cell}>{u.id === admin.id ? "you" : (
                <>
                  <SuspendSwitch userId={u.id} name={u.name} suspended={u.suspendedAt !== null} />
                  <ErasePerson person={{ id: u.id, name: u.name }} heirs={heirs} />
                </>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-sm text-slate-500">{total} people · page {q.page} of {pages}</p>
    </div>
  );
}

const cell = "block px-3 py-0.5 break-words sm:table-cell sm:py-2";
const label = "text-slate-500 sm:hidden";
