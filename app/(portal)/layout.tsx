import Link from "next/link";
import { SignOutButton } from "@/components/notice-page";
import { TimeZoneReporter } from "@/components/time-zone-reporter";
import { isAdmin } from "@/lib/access/admin";
import { requireUser } from "@/lib/auth/session";
import { getSettings } from "@/lib/settings";
import { demoMode, env } from "@/lib/env";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // In turn: the session read brings the policy along, so the settings then cost no query.
  const user = await requireUser();
  const settings = await getSettings();
  return (
    <div className="min-h-screen">
      {/* First in the tab order: keyboard and screen-reader users go past the banner and the navigation. */}
      <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50">
        Skip to main content
      </a>
      {demoMode && (
        <div role="status" data-testid="demo-banner" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-900">
          Demo mode: conferences run on the public {env.JITSI_DOMAIN} without tokens; anyone who learns a room name
          can join. Configure JITSI_APP_SECRET for your own Jitsi.
        </div>
      )}
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <nav className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/meetings" className="font-semibold">
            {settings.organisationName}
          </Link>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
            {isAdmin(user) && (
              <Link href="/admin" className="underline">
                Admin
              </Link>
            )}
            <Link href="/profile" data-testid="user-name" className="underline">
              {user.name}
            </Link>
            <SignOutButton className="text-slate-600 underline hover:text-slate-900 dark:text-slate-300" />
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-8 outline-none sm:px-6">{children}</main>
      <TimeZoneReporter known={user.timeZone} />
    </div>
  );
}
