"use client";
// The next meetings of a series, each cancellable on its own (the rest of the series stays).
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { cancelOccurrenceAction } from "@/lib/actions/calendar";

export function OccurrencesPanel({ meetingId, series, occurrences, canCancel }: { meetingId: string; series: string; occurrences: { iso: string; label: string; cancelled: boolean }[]; canCancel: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <section className="space-y-3 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900">
      <h2 className="text-lg font-semibold">Series: {series}</h2>
      <FormError message={error} />
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-700" aria-label="Occurrences">
        {occurrences.map((o) => (
          <li key={o.iso} className="flex items-center justify-between gap-2 py-2">
            <span className={o.cancelled ? "line-through text-slate-400" : ""}>{o.label}</span>
            {o.cancelled ? (
              <span className="text-slate-500">cancelled</span>
            ) : (
              canCancel && (
                <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
                  if (!confirm(`Cancel the meeting on ${o.label}? The rest of the series stays.`)) return;
                  const r = await cancelOccurrenceAction(meetingId, o.iso);
                  setError(r.ok ? undefined : r.error);
                })}>
                  Cancel this one
                </Button>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
