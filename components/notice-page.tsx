// The full-page message shared by not-found, forbidden, suspended, invalid-link and signed-out pages.
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

export function NoticePage({ title, testId, children, action }: { title: string; testId?: string; children: ReactNode; action?: { href: string; label: string } }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6" data-testid={testId}>
      <h1 className="text-2xl font-bold">{title}</h1>
      <div className="space-y-3 text-slate-600 dark:text-slate-300">{children}</div>
      {action && (
        <div>
          <Link href={action.href} className={buttonClass("secondary")}>
            {action.label}
          </Link>
        </div>
      )}
    </main>
  );
}

/** A plain form post: works before JavaScript loads, and a cross-site post carries no session cookie. */
export function SignOutButton({ className = "underline" }: { className?: string }) {
  return (
    <form action="/logout" method="post">
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}
