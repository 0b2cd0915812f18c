"use client";
// Schedule and edit form. The same zod schema runs here (instant feedback) and in the server action.
import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, FormKey, inputClass } from "@/components/ui/field";
import { MAX_OCCURRENCES, WEEKDAYS } from "@/lib/calendar/recurrence";
import { type ActionResult, type FieldErrors } from "@/lib/errors";
import { MAX_INVITEES, optionalInvitees } from "@/lib/validation/calendar";
import { DESCRIPTION_MAX, DURATION_MAX, DURATION_MIN, type MeetingFormValues, TITLE_MAX, formDataToObject, meetingInput } from "@/lib/validation/meeting";

type Action = (prev: ActionResult<string> | null, form: FormData) => Promise<ActionResult<string>>;

/** `version`: an edit form's, sent back so a save from a stale tab is refused (lib/calendar/occurrences.ts). */
export function MeetingForm({ action, initial, version, zones, submitLabel, e2eeByDefault = false, withInvitees = false, attendanceAllowed = true, formKey }: { action: Action; initial?: MeetingFormValues; version?: number; zones: string[]; submitLabel: string; e2eeByDefault?: boolean; withInvitees?: boolean; attendanceAllowed?: boolean; formKey?: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [zone, setZone] = useState(initial?.timeZone ?? "UTC");
  useEffect(() => {
    if (!initial) setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, [initial]);
  // Repeat fields follow the "Repeat" choice once the page is interactive; before (or without
  // JavaScript) all of them show, so the form works either way.
  const [interactive, setInteractive] = useState(false);
  const [repeat, setRepeat] = useState(String(initial?.repeat ?? "none"));
  const repeatSelect = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    // A choice made before hydration fired no onChange: start from what the select shows.
    if (repeatSelect.current) setRepeat(repeatSelect.current.value);
    setInteractive(true);
  }, []);
  const shown = (when: boolean) => !interactive || when;
  // The browser may name its zone by an alias (UTC, Etc/UTC) that the canonical list lacks.
  const zoneOptions = zones.includes(zone) ? zones : [zone, ...zones];

  const failed = state && !state.ok ? state : null;
  const values: Record<string, string | number | boolean | undefined> = failed?.values ?? initial ?? {};
  const errors = { ...failed?.fieldErrors, ...clientErrors };
  const err = (name: string) => (errors[name]?.length ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : { "aria-describedby": `${name}-error` });
  const checked = (name: string) => (failed?.values ? failed.values[name] === "on" : initial ? Boolean(values[name]) : name === "e2ee" && e2eeByDefault);

  return (
    <form
      // Re-mount with the returned values: React resets a form after its action runs.
      key={`${JSON.stringify(failed?.values ?? null)}${zone}`}
      action={formAction}
      noValidate
      onSubmit={(e) => {
        const values = formDataToObject(new FormData(e.currentTarget));
        const parsed = meetingInput.safeParse(values);
        const invitees = optionalInvitees(values.invitees);
        const next: FieldErrors = {};
        if (!parsed.success) for (const i of parsed.error.issues) (next[String(i.path[0])] ??= []).push(i.message);
        if (!invitees.success) next.invitees = [invitees.error.issues[0]!.message];
        setClientErrors(next);
        if (!parsed.success || !invitees.success) e.preventDefault();
      }}
      className="max-w-2xl space-y-5 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900"
    >
      <FormError message={failed?.error} />
      {version !== undefined && <input type="hidden" name="version" value={version} />}
      {formKey && <FormKey value={formKey} />}
      <Field name="title" label="Title" errors={errors.title}>
        <input id="title" name="title" maxLength={TITLE_MAX + 50} defaultValue={String(values.title ?? "")} className={inputClass} {...err("title")} />
      </Field>
      <div className="grid gap-5 sm:grid-cols-3">
        <Field name="start" label="Starts" errors={errors.start}>
          <input id="start" name="start" type="datetime-local" defaultValue={String(values.start ?? "")} className={inputClass} {...err("start")} />
        </Field>
        <Field name="durationMinutes" label="Duration (minutes)" errors={errors.durationMinutes}>
          <input id="durationMinutes" name="durationMinutes" type="number" min={DURATION_MIN} max={DURATION_MAX} step={5} defaultValue={String(values.durationMinutes ?? 60)} className={inputClass} {...err("durationMinutes")} />
        </Field>
        <Field name="timeZone" label="Time zone" errors={errors.timeZone}>
          <select id="timeZone" name="timeZone" defaultValue={failed?.values?.timeZone ?? zone} className={inputClass} {...err("timeZone")}>
            {zoneOptions.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </Field>
      </div>
      <Field name="description" label="Description" hint="Optional. Shown to everyone invited." errors={errors.description}>
        <textarea id="description" name="description" rows={4} maxLength={DESCRIPTION_MAX + 100} defaultValue={String(values.description ?? "")} className={inputClass} {...err("description")} />
      </Field>
      <fieldset className="grid gap-5 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">Repeats (in the time zone above; daylight saving keeps the local time)</legend>
        <Field name="repeat" label="Repeat" errors={errors.repeat}>
          <select ref={repeatSelect} id="repeat" name="repeat" defaultValue={String(values.repeat ?? "none")} onChange={(e) => setRepeat(e.currentTarget.value)} className={inputClass} {...err("repeat")}>
            <option value="none">Does not repeat</option>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
          </select>
        </Field>
        <div className="contents" hidden={!shown(repeat !== "none")} data-testid="repeat-details">
        <Field name="interval" label="Every (days, weeks or months)" errors={errors.interval}>
          <input id="interval" name="interval" type="number" min={1} max={99} defaultValue={String(values.interval ?? 1)} className={inputClass} {...err("interval")} />
        </Field>
        <div className="contents" hidden={!shown(repeat === "monthly")}>
        <Field name="monthlyBy" label="Monthly on" errors={errors.monthlyBy}>
          <select id="monthlyBy" name="monthlyBy" defaultValue={String(values.monthlyBy ?? "date")} className={inputClass}>
            <option value="date">the same date</option>
            <option value="weekday">the same weekday (e.g. second Tuesday)</option>
          </select>
        </Field>
        </div>
        <div className="sm:col-span-3" role="group" aria-describedby="weekdays-error" hidden={!shown(repeat === "weekly")}>
          <span className="text-sm">Weekly on</span>
          <div className="flex flex-wrap gap-3">
            {WEEKDAYS.map((d) => (
              <label key={d} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="weekdays" value={d} defaultChecked={String(values.weekdays ?? "").split(",").includes(d)} className="size-4" />
                {d}
              </label>
            ))}
          </div>
          <p id="weekdays-error" aria-live="polite" className="text-sm text-red-600">{errors.weekdays?.[0]}</p>
        </div>
        <Field name="ends" label="Ends" errors={errors.ends}>
          <select id="ends" name="ends" defaultValue={String(values.ends ?? "count")} className={inputClass}>
            <option value="count">after a number of meetings</option>
            <option value="until">on a day</option>
          </select>
        </Field>
        <Field name="count" label="Number of meetings" errors={errors.count}>
          <input id="count" name="count" type="number" min={2} max={MAX_OCCURRENCES} defaultValue={String(values.count ?? 10)} className={inputClass} {...err("count")} />
        </Field>
        <Field name="until" label="Last day" errors={errors.until}>
          <input id="until" name="until" type="date" defaultValue={String(values.until ?? "")} className={inputClass} {...err("until")} />
        </Field>
        </div>
      </fieldset>
      <Field name="reminderMinutes" label="Reminder email (minutes before)" hint="Optional. Sent to everyone invited by email." errors={errors.reminderMinutes}>
        <input id="reminderMinutes" name="reminderMinutes" type="number" min={1} defaultValue={String(values.reminderMinutes ?? "")} className={inputClass} {...err("reminderMinutes")} />
      </Field>
      {withInvitees && (
        <Field name="invitees" label="Invite by email" hint={`Optional, up to ${MAX_INVITEES}, one per line or comma-separated. Colleagues get the meeting page; anyone else a personal guest link.`} errors={errors.invitees}>
          <textarea id="invitees" name="invitees" rows={2} defaultValue={String(values.invitees ?? "")} className={inputClass} placeholder="Ada Lovelace <ada@example.org>" {...err("invitees")} />
        </Field>
      )}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Options</legend>
        <Check name="lobby" label="Lobby: people wait until a moderator admits them" defaultChecked={checked("lobby")} />
        <Check name="e2ee" label="End-to-end encryption required" defaultChecked={checked("e2ee")} />
        <Check name="recordingAllowed" label="Recording allowed (by moderators; everyone is asked for consent before being recorded)" defaultChecked={checked("recordingAllowed")} />
        {attendanceAllowed && <Check name="attendance" label="Keep attendance: who joined, when and for how long (everyone is told before joining)" defaultChecked={checked("attendance")} />}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}

function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" id={name} name={name} defaultChecked={defaultChecked} className="size-4 rounded border-slate-300" />
      {label}
    </label>
  );
}
