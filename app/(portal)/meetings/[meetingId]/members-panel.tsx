"use client";
// The organiser's people: users and Keycloak groups, as moderators or participants, with add and remove.
import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
import { Field, FormError, FormKey, inputClass } from "@/components/ui/field";
import { type ActionResult } from "@/lib/errors";
import { addGroupShareAction, addMemberAction, removeGroupShareAction, removeMemberAction, searchPeopleAction } from "@/lib/actions/members";
import { SHARE_ANYWAY, isUnknownGroupWarning } from "@/lib/validation/meeting";

type Role = "MODERATOR" | "PARTICIPANT";
type Member = { id: string; name: string; email: string | null; role: Role };
type GroupShare = { group: string; role: Role };

const roleName = (r: Role) => (r === "MODERATOR" ? "moderator" : "participant");

export function MembersPanel({ meetingId, members, groups, knownGroups, formKey }: { meetingId: string; members: Member[]; groups: GroupShare[]; knownGroups: string[]; formKey: string }) {
  const [removing, startRemove] = useTransition();
  const [suggestions, setSuggestions] = useState<{ name: string; email: string }[]>([]);
  return (
    <section className="space-y-4" aria-labelledby="members-heading">
      <h3 id="members-heading" className="font-semibold">
        People and groups
      </h3>
      {members.length + groups.length === 0 ? (
        <p className="text-sm text-slate-500">Only you so far.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="member-list">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
              <span>
                {m.name} <span className="break-all text-slate-500">{m.email}</span> · {roleName(m.role)}
              </span>
              <button type="button" disabled={removing} className="text-red-600 underline" onClick={() => startRemove(async () => void (await removeMemberAction(meetingId, m.id)))}>
                Remove
              </button>
            </li>
          ))}
          {groups.map((g) => (
            <li key={g.group} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
              <span>
                Everyone in group <strong>{g.group}</strong> · {roleName(g.role)}
              </span>
              <button type="button" disabled={removing} className="text-red-600 underline" onClick={() => startRemove(async () => void (await removeGroupShareAction(meetingId, g.group)))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <ShareForm
        formKey={formKey}
        action={addMemberAction.bind(null, meetingId)}
        name="email"
        summary="Add a person"
        label="Add a person by email"
        hint="Type a name or email to see people who have signed in."
        type="email"
        submitLabel="Add person"
        list="people-suggestions"
        onInput={async (q) => setSuggestions(q.length >= 2 ? await searchPeopleAction(q) : [])}
      />
      <datalist id="people-suggestions">
        {suggestions.map((p) => (
          <option key={p.email} value={p.email}>
            {p.name}
          </option>
        ))}
      </datalist>
      <ShareForm
        formKey={formKey}
        action={addGroupShareAction.bind(null, meetingId)}
        summary="Share with a group"
        name="group"
        label="Share with a Keycloak group"
        hint="Everyone in the group, as they sign in. Known groups are suggested as you type."
        type="text"
        submitLabel="Share with group"
        list="known-groups"
        confirm={{ when: isUnknownGroupWarning, label: SHARE_ANYWAY, name: "confirmUnknown" }}
      />
      {/* Rendered with the page: suggestions without JavaScript too. */}
      <datalist id="known-groups" data-testid="known-groups">
        {knownGroups.map((g) => (
          <option key={g} value={g} />
        ))}
      </datalist>
    </section>
  );
}

function ShareForm(props: {
  formKey: string;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
  summary: string;
  name: string;
  label: string;
  hint: string;
  type: string;
  submitLabel: string;
  list?: string;
  onInput?: (q: string) => void;
  /** A warning the server gives for this field that the person may override by ticking a box. */
  confirm?: { when: (message: string) => boolean; label: string; name: string };
}) {
  const [state, formAction, pending] = useActionState(props.action, null);
  const failed = state && !state.ok ? state : null;
  const warned = props.confirm && failed?.fieldErrors?.[props.name]?.some(props.confirm.when);
  return (
    <Disclosure summary={props.summary} forceOpen={!!failed}>
    <form action={formAction} key={JSON.stringify(failed?.values ?? null)} className="flex flex-wrap items-end gap-3" noValidate>
      <FormKey value={props.formKey} />
      <div className="min-w-0 flex-1 basis-64">
        <Field name={props.name} label={props.label} hint={props.hint} errors={failed?.fieldErrors?.[props.name]}>
          <input
            id={props.name}
            name={props.name}
            type={props.type}
            list={props.list}
            autoComplete="off"
            defaultValue={failed?.values?.[props.name] ?? ""}
            className={inputClass}
            aria-describedby={`${props.name}-error`}
            onInput={props.onInput && ((e) => props.onInput!(e.currentTarget.value))}
          />
        </Field>
      </div>
      <div>
        <label className="block text-sm font-medium" htmlFor={`${props.name}-role`}>
          As
        </label>
        <select id={`${props.name}-role`} name="role" defaultValue={failed?.values?.role ?? "PARTICIPANT"} className={inputClass}>
          <option value="PARTICIPANT">Participant</option>
          <option value="MODERATOR">Moderator</option>
        </select>
      </div>
      <Button type="submit" disabled={pending}>
        {props.submitLabel}
      </Button>
      {warned && (
        <label className="flex basis-full items-center gap-2 text-sm">
          <input type="checkbox" name={props.confirm!.name} className="size-4" />
          {props.confirm!.label}
        </label>
      )}
      <div className="basis-full">
        <FormError message={failed && !failed.fieldErrors ? failed.error : undefined} />
      </div>
    </form>
    </Disclosure>
  );
}
