"use client";
// The admin area's tabs, the open one marked (the layout itself does not know the path).
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  ["/admin", "Permissions"],
  ["/admin/policy", "Site policy"],
  ["/admin/people", "People"],
  ["/admin/audit", "Audit log"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/doctor", "Doctor"],
] as const;

export function AdminTabs() {
  const path = usePathname();
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-x-4 border-b border-slate-200 text-sm dark:border-slate-800">
      {TABS.map(([href, label]) => {
        const current = path === href;
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-1 py-2 ${current ? "border-brand-600 font-semibold" : "border-transparent text-slate-600 hover:border-slate-400 dark:text-slate-300"}`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
