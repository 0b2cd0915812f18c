import Link from "next/link";
import { LiveBadge, LiveCounts } from "@/components/live-presence";
import { LocalTime } from "@/components/local-time";
import { buttonClass } from "@/components/ui/button";
import { canSchedule, has } from "@/lib/access/meetings";
import { requireUser } from "@/lib/auth/session";
import { COUNT_CAP, listMeetings } from "@/lib/meetings/list";
import { listQuery } from "@/lib/validation/meeting";

export const metadata = { title: "My meetings" };

export default async function MeetingsPage({ searchParams }: PageProps<"/meetings">) {
  const user = await requireUser();
  const query = listQuery.parse(await searchParams);
  const { tab } = query;
  const { rows, total, previous, next } = await listMeetings(user, query);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">My meetings</h1>
        <div className="flex gap-3">
          <Link href="/calendar" className={buttonClass("secondary")}>
            Calendar feed
          </Link>
          {canSchedule(user) && (
            <Link href="/meetings/new" className={buttonClass()}>
              Schedule a meeting
            </Link>
          )}
        </div>
      </div>
      {user.permissions.length === 0 && (
        // Someone with no grant in the permission matrix would otherwise see an empty list and no button.
        <p role="note" data-testid="no-role-note" className="rounded-md bg-brand-50 p-3 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200">
          Your account has no portal role, so you cannot schedule meetings yourself. You can join every meeting you are
          invited to: it appears in this list as soon as an organiser adds you or shares it with one of your groups, and
          invite links sent to you open as usual. To schedule meetings, ask your administrator for the Schedule permission.
        </p>
      )}
      <nav className="flex gap-4 border-b border-slate-200 text-sm dark:border-slate-800" aria-label="Meeting lists">
        {(has(user, "SEE_ALL_MEETINGS") ? (["upcoming", "past", "all"] as const) : (["upcoming", "past"] as const)).map((t) => (
          <Link
            key={t}
            href={`/meetings?tab=${t}`}
            aria-current={t === tab ? "page" : undefined}
            className={`-mb-px border-b-2 px-1 py-2 capitalize ${t === tab ? "border-brand-600 font-semibold" : "border-transparent text-slate-500"}`}
          >
            {t}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="text-slate-500">{tab === "upcoming" ? "No upcoming meetings. Meetings you schedule or are invited to appear here." : tab === "past" ? "No past meetings." : "No meetings."}</p>
      ) : (
        <LiveCounts ids={tab === "past" ? [] : rows.filter((m) => !m.cancelledAt).map((m) => m.id)}>
          <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="meeting-list">
            {rows.map((m) => (
              <li key={m.id}>
                <Link href={`/meetings/${m.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800">
                  <span className="font-medium">
                    {m.title}
                    {m.series && <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">Series</span>}
                    {m.cancelledAt && <span className="ml-2 rounded bg-red-100 px-1.5 text-xs text-red-700">Cancelled</span>}
                    <LiveBadge meetingId={m.id} />
                  </span>
                  <span className="text-sm text-slate-500">
                    <LocalTime iso={m.shownStart.toISOString()} endIso={m.shownEnd.toISOString()} fallbackZone={m.timeZone} />
                    {m.ownerId !== user.id && <> · organised by {m.owner.name}</>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </LiveCounts>
      )}
      {(previous || next) && (
        <nav className="flex items-center justify-between text-sm" aria-label="Pages">
          <span className="text-slate-500">{total > COUNT_CAP ? `More than ${COUNT_CAP.toLocaleString("en")}` : total} meetings</span>
          <span className="flex gap-2">
            {previous && <Link className={buttonClass("secondary")} href={`/meetings?tab=${tab}&before=${previous}`}>Previous</Link>}
            {next && <Link className={buttonClass("secondary")} href={`/meetings?tab=${tab}&after=${next}`}>Next</Link>}
          </span>
        </nav>
      )}
    </div>
  );
}
