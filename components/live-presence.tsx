"use client";
// Live presence without reloads: a poll every POLL_MS while the tab is visible (and at once when it
// becomes visible again), from GET /api/presence (lists) or /api/meetings/:id/presence (one meeting).
import { useEffect, useState } from "react";

const POLL_MS = 15_000;

function usePoll<T>(url: string | null, initial: T): T {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    if (!url) return;
    let stopped = false;
    const load = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
        if (res.ok && !stopped) setValue((await res.json()) as T);
      } catch {
        // Offline for a moment: the next poll tries again; what is shown stays as it was.
      }
    };
    void load();
    const timer = setInterval(load, POLL_MS);
    document.addEventListener("visibilitychange", load);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", load);
    };
  }, [url]);
  return value;
}

/** The live counts of a list's meetings, polled once for the whole list. */
export function useLiveCounts(ids: string[]): Record<string, number> {
  return usePoll(ids.length ? `/api/presence?ids=${ids.join(",")}` : null, { counts: {} as Record<string, number> }).counts;
}

export function LiveLabel({ count }: { count: number }) {
  return (
    <span className="ml-2 inline-flex items-center gap-1 rounded bg-green-100 px-1.5 text-xs font-medium text-green-800 dark:bg-green-900 dark:text-green-100" data-testid="live-badge">
      <span aria-hidden className="size-1.5 rounded-full bg-green-600" />
      Live · {count} in
    </span>
  );
}

type Presence = { count: number; people: { key: string; name: string; guest: boolean }[] | null };

/** The meeting page: live or not, how many, and (for its organiser and moderators) who. */
export function MeetingPresence({ meetingId, initial }: { meetingId: string; initial: Presence }) {
  const { count, people } = usePoll(`/api/meetings/${meetingId}/presence`, initial);
  return (
    <section aria-label="In the meeting now" aria-live="polite" className="text-sm" data-testid="meeting-presence">
      {count === 0 ? (
        <p className="text-slate-500">Nobody is in the meeting right now.</p>
      ) : (
        <>
          <p>
            <LiveLabel count={count} />
          </p>
          {people && (
            <ul className="mt-2 flex flex-wrap gap-2">
              {people.map((p) => (
                <li key={p.key} className={`rounded-full px-2 py-0.5 ${p.guest ? "bg-amber-50 text-amber-900" : "bg-slate-100 dark:bg-slate-800"}`}>
                  {p.name}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
