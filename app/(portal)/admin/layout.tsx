import Link from "next/link";
import { requireAdmin } from "@/lib/access/admin";

const TABS = [
  ["/admin", "Permissions"],
  ["/admin/policy", "Site policy"],
  ["/admin/people", "People"],
  ["/admin/audit", "Audit log"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/doctor", "Doctor"],
] as const;

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return (
    <div className="space-y-6">
      <nav aria-label="Admin" className="flex flex-wrap gap-4 border-b border-slate-200 text-sm dark:border-slate-800">
        {TABS.map(([href, label]) => (
          <Link key={href} href={href} className="-mb-px border-b-2 border-transparent px-1 py-2 hover:border-slate-400">
            {label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
