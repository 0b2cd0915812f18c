"use client";
// The rows of "My meetings" as one client component fed plain data: twenty rows of elements, each
// with its own link, time and live badge, made the page's React payload three times its HTML. One
// zone and one poll serve every row (a component per row's time and badge was a tenth of the page's
// server time, bench/).
import Link from "next/link";
import { LiveLabel, useLiveCounts } from "@/components/live-presence";
import { formatInstant, useViewerZone } from "@/components/local-time";

export type MeetingRow = { id: string; title: string; series: boolean; cancelled: boolean; start: string; end: string; timeZone: string; organiser: string | null };

/** `live`: poll presence for the rows that are not cancelled (upcoming and all; never past). */
export function MeetingRows({ rows, live }: { rows: MeetingRow[]; live: boolean }) {
  const counts = useLiveCounts(live ? rows.filter((m) => !m.cancelled).map((m) => m.id) : []);
  const zone = useViewerZone();
  return (
    <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="meeting-list">
      {rows.map((m) => (
        <li key={m.id}>
          <Link href={`/meetings/${m.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800">
            <span className="font-medium">
              {m.title}
              {m.series && <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">Series</span>}
              {m.cancelled && <span className="ml-2 rounded bg-red-100 px-1.5 text-xs text-red-700">Cancelled</span>}
              {counts[m.id] ? <LiveLabel count={counts[m.id]!} /> : null}
            </span>
            <span className="text-sm text-slate-500">
              <time dateTime={m.start} data-testid="local-time">
                {formatInstant(zone, m.start, m.end, m.timeZone)}
              </time>
              {m.organiser && <> · organised by {m.organiser}</>}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
