"use client";
// The organiser's list of moderators and participants, with add and remove.
import { useActionState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { addMemberAction, removeMemberAction } from "@/lib/actions/members";

type Member = { id: string; name: string; email: string | null; role: "MODERATOR" | "PARTICIPANT" };

export function MembersPanel({ meetingId, members }: { meetingId: string; members: Member[] }) {
  const [state, formAction, pending] = useActionState(addMemberAction.bind(null, meetingId), null);
  const [removing, startRemove] = useTransition();
  const failed = state && !state.ok ? state : null;
  return (
    <section className="space-y-4" aria-labelledby="members-heading">
      <h2 id="members-heading" className="text-lg font-semibold">
        People
      </h2>
      {members.length === 0 ? (
        <p className="text-sm text-slate-500">Only you so far.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="member-list">
          {members.map((m) => (
            <li key={m.id} className="flex items-center justify-between px-4 py-2">
              <span>
                {m.name} <span className="text-slate-500">{m.email}</span> · {m.role === "MODERATOR" ? "moderator" : "participant"}
              </span>
              <button type="button" disabled={removing} className="text-red-600 underline" onClick={() => startRemove(async () => void (await removeMemberAction(meetingId, m.id)))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form action={formAction} key={JSON.stringify(failed?.values ?? null)} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field name="email" label="Add a person by email" errors={failed?.fieldErrors?.email}>
            <input id="email" name="email" type="email" defaultValue={failed?.values?.email ?? ""} className={inputClass} aria-describedby="email-error" />
          </Field>
        </div>
        <div>
          <Field name="role" label="As">
            <select id="role" name="role" defaultValue={failed?.values?.role ?? "PARTICIPANT"} className={inputClass}>
              <option value="PARTICIPANT">Participant</option>
              <option value="MODERATOR">Moderator</option>
            </select>
          </Field>
        </div>
        <div className="pb-6">
          <Button type="submit" disabled={pending}>
            Add
          </Button>
        </div>
      </form>
      <FormError message={failed && !failed.fieldErrors ? failed.error : undefined} />
    </section>
  );
}
