import Link from "next/link";
import { MeetingRows } from "@/components/meeting-rows";
import { buttonClass } from "@/components/ui/button";
import { canSchedule, has } from "@/lib/access/meetings";
import { requireUser, sessionClaims } from "@/lib/auth/session";
import { COUNT_CAP, listMeetings } from "@/lib/meetings/list";
import { listQuery } from "@/lib/validation/meeting";

export const metadata = { title: "My meetings" };

export default async function MeetingsPage({ searchParams }: PageProps<"/meetings">) {
  const query = listQuery.parse(await searchParams);
  const { tab } = query;
  // Upcoming and past need only the person's id, so their statement runs beside the session read, not
  // after it; what it found is shown only once requireUser has let the person in. "All" needs a right.
  const [user, mine] = await Promise.all([requireUser(), tab === "all" ? null : sessionClaims().then((c) => c && listMeetings(c.uid, query))]);
  const { rows, total, previous, next } = mine ?? (await listMeetings(user, query));
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
        <MeetingRows
          live={tab !== "past"}
          rows={rows.map((m) => ({
            id: m.id,
            title: m.title,
            series: m.series,
            cancelled: m.cancelledAt !== null,
            start: m.shownStart.toISOString(),
            end: m.shownEnd.toISOString(),
            timeZone: m.timeZone,
            organiser: m.ownerId === user.id ? null : m.owner.name,
          }))}
        />
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
