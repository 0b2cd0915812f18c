"use client";
// Invite people by email and see whether each mail went out (queued, sent, or retrying with the error).
import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
import { Field, FormError, FormKey, inputClass } from "@/components/ui/field";
import { inviteByEmailAction, removeInvitationAction } from "@/lib/actions/calendar";
import { MAX_INVITEES } from "@/lib/validation/calendar";

export type InvitationRow = { id: string; email: string; name: string; status: string; error: string | null };

export function InvitationsPanel({ meetingId, invitations, zones, formKey }: { meetingId: string; invitations: InvitationRow[]; zones: string[]; formKey: string }) {
  const [state, action, pending] = useActionState(inviteByEmailAction.bind(null, meetingId), null);
  const [removing, startRemove] = useTransition();
  const [removeError, setRemoveError] = useState<string>();
  const failed = state && !state.ok ? state : null;
  return (
    <section className="space-y-4 rounded-lg bg-white p-4 shadow-sm sm:p-6 dark:bg-slate-900" aria-labelledby="invitations-heading">
      <h3 id="invitations-heading" className="font-semibold">Email invitations</h3>
      {invitations.length === 0 && <p className="text-sm text-slate-500">Nobody invited by email yet.</p>}
      <Disclosure summary="Invite by email" forceOpen={!!failed}>
      <form action={action} noValidate className="space-y-3" key={JSON.stringify(failed?.values ?? null)}>
        <FormError message={failed?.error} />
        <FormKey value={formKey} />
        <Field name="invitees" label={`Email addresses (up to ${MAX_INVITEES}, one per line or comma-separated)`} hint="Colleagues get the meeting page; anyone else a personal guest link." errors={failed?.fieldErrors?.invitees}>
          <textarea id="invitees" name="invitees" rows={3} defaultValue={failed?.values?.invitees ?? ""} className={inputClass} aria-describedby="invitees-error" placeholder="Ada Lovelace <ada@example.org>" />
        </Field>
        <Field name="timeZone" label="Their time zone, if you know it" errors={failed?.fieldErrors?.timeZone}>
          <select id="timeZone" name="timeZone" defaultValue={failed?.values?.timeZone ?? ""} className={inputClass} aria-describedby="timeZone-error">
            <option value="">Unknown (mail names the meeting's zone)</option>
            {zones.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </Field>
        <Button type="submit" disabled={pending}>{pending ? "Inviting…" : "Send invitations"}</Button>
        {state?.ok && <p role="status" className="text-sm text-green-700">{state.data}</p>}
      </form>
      </Disclosure>
      <FormError message={removeError} />
      {invitations.length > 0 && (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-700" aria-label="Invitations">
          {invitations.map((i) => (
            <li key={i.email} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>{i.name ? `${i.name} <${i.email}>` : i.email}</span>
              <span className="flex items-center gap-3">
                <span className={i.error ? "text-red-600" : "text-slate-500"}>{i.status}{i.error ? ` — ${i.error}` : ""}</span>
                <Button variant="secondary" disabled={removing} onClick={() => startRemove(async () => {
                  if (!confirm(`Remove ${i.email} from this meeting? Their link stops working and they are told.`)) return;
                  const r = await removeInvitationAction(meetingId, i.id);
                  setRemoveError(r.ok ? undefined : r.error);
                })}>
                  Remove<span className="sr-only"> {i.email}</span>
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
