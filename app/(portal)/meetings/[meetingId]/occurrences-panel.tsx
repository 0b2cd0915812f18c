"use client";
// The next meetings of a series, each changeable on its own: moved, made longer or shorter, or
// cancelled, while the rest of the series stays.
import { useActionState, useState, useTransition } from "react";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { cancelOccurrenceAction, changeOccurrenceAction } from "@/lib/actions/calendar";
import { DURATION_MAX, DURATION_MIN } from "@/lib/validation/meeting";

export type OccurrenceRow = { iso: string; startIso: string; label: string; movedFrom: string | null; start: string; durationMinutes: number; cancelled: boolean };

/** `version`: the series' version this page was rendered with; a move from a stale page is refused. */
export function OccurrencesPanel({ meetingId, version, series, timeZone, occurrences, canCancel, canEdit }: { meetingId: string; version: number; series: string; timeZone: string; occurrences: OccurrenceRow[]; canCancel: boolean; canEdit: boolean }) {
  return (
    <section className="space-y-3 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900">
      <h2 className="text-lg font-semibold">Meetings of this series <span className="font-normal text-slate-500">({series})</span></h2>
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-700" aria-label="Occurrences">
        {occurrences.map((o) => (
          <Occurrence key={o.iso} meetingId={meetingId} version={version} timeZone={timeZone} o={o} canCancel={canCancel} canEdit={canEdit} />
        ))}
      </ul>
    </section>
  );
}

function Occurrence({ meetingId, version, timeZone, o, canCancel, canEdit }: { meetingId: string; version: number; timeZone: string; o: OccurrenceRow; canCancel: boolean; canEdit: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [state, action, saving] = useActionState(changeOccurrenceAction.bind(null, meetingId), null);
  const failed = state && !state.ok ? state : null;
  const id = `occurrence-${o.iso.replace(/\W/g, "")}`;
  return (
    <li className="space-y-2 py-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className={o.cancelled ? "text-slate-400 line-through" : ""}>
          <LocalTime iso={o.startIso} fallbackZone={timeZone} />
          {o.movedFrom && <span className="ml-2 text-slate-500">(moved from <LocalTime iso={o.movedFrom} fallbackZone={timeZone} />)</span>}
        </span>
        {o.cancelled ? (
          <span className="text-slate-500">cancelled</span>
        ) : (
          canCancel && (
            <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
              if (!confirm(`Cancel the meeting on ${o.label}? The rest of the series stays.`)) return;
              const r = await cancelOccurrenceAction(meetingId, o.iso);
              setError(r.ok ? undefined : r.error);
            })}>
              Cancel this one<span className="sr-only"> ({o.label})</span>
            </Button>
          )
        )}
      </div>
      <FormError message={error} />
      {canEdit && !o.cancelled && (
        // <details> opens without JavaScript, and the form posts to its server action either way.
        <details open={!!failed} className="text-sm">
          <summary className="cursor-pointer text-brand-700 dark:text-brand-300">Change this one<span className="sr-only"> ({o.label})</span></summary>
          <form action={action} noValidate className="mt-2 grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" aria-label={`Change the meeting on ${o.label}`} key={JSON.stringify(failed?.values ?? null)}>
            <input type="hidden" name="occurrence" value={o.iso} />
            <input type="hidden" name="version" value={version} />
            <Field name="start" id={`${id}-start`} label={`Starts (${timeZone})`} errors={failed?.fieldErrors?.start}>
              <input id={`${id}-start`} name="start" type="datetime-local" required defaultValue={failed?.values?.start ?? o.start} className={inputClass} aria-describedby={`${id}-start-error`} aria-invalid={!!failed?.fieldErrors?.start} />
            </Field>
            <Field name="durationMinutes" id={`${id}-duration`} label="Minutes" errors={failed?.fieldErrors?.durationMinutes}>
              <input id={`${id}-duration`} name="durationMinutes" type="number" min={DURATION_MIN} max={DURATION_MAX} required defaultValue={failed?.values?.durationMinutes ?? o.durationMinutes} className={inputClass} aria-describedby={`${id}-duration-error`} aria-invalid={!!failed?.fieldErrors?.durationMinutes} />
            </Field>
            <Button type="submit" disabled={saving}>{saving ? "Saving…" : "Save this one"}</Button>
            <div className="sm:col-span-3">
              <FormError message={failed && !failed.fieldErrors ? failed.error : undefined} />
            </div>
          </form>
        </details>
      )}
      {state?.ok && <p role="status" className="text-sm text-green-700">{state.data}</p>}
    </li>
  );
}
