"use client";
// Invite links of a meeting: create (with label, role, expiry, uses, lobby), copy, revoke, and (the
// owner) re-issue a link whose creator was suspended.
import { useActionState, useEffect, useState, useTransition } from "react";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Field, FormError, FormKey, inputClass } from "@/components/ui/field";
import { createInviteLinkAction, reissueInviteLinkAction, revokeInviteLinkAction } from "@/lib/actions/invites";
import { LABEL_MAX } from "@/lib/validation/invite";

type Link = {
  id: string;
  label: string;
  role: "GUEST" | "PARTICIPANT";
  lobby: boolean;
  expiresAt: Date;
  maxUses: number | null;
  uses: number;
  path: string;
  state: string;
  createdBy: { name: string };
};

const STATE_LABEL: Record<string, string> = { usable: "Active", revoked: "Revoked", creator_suspended: "Suspended with its creator", expired: "Expired", used_up: "Used up" };

export function InviteLinksPanel({ meetingId, links, lobbyByDefault, owner, formKey }: { meetingId: string; links: Link[]; lobbyByDefault: boolean; owner: boolean; formKey: string }) {
  const [state, formAction, pending] = useActionState(createInviteLinkAction.bind(null, meetingId), null);
  const [zone, setZone] = useState("UTC");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  return (
    <section className="space-y-4" aria-labelledby="links-heading">
      <h2 id="links-heading" className="text-lg font-semibold">
        Invite links
      </h2>
      {state?.ok && (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800" data-testid="new-link">
          New link ready: <CopyLink path={state.data} />
        </p>
      )}
      {links.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="link-list">
          {links.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2" data-testid="link-row">
              <span>
                <strong>{l.label || "Untitled link"}</strong> · {l.role === "GUEST" ? "guests" : "participants"}
                {l.lobby ? " · wait in lobby" : " · no lobby"} · by {l.createdBy.name} · expires{" "}
                <LocalTime iso={new Date(l.expiresAt).toISOString()} fallbackZone="UTC" /> · used {l.uses}
                {l.maxUses !== null && ` of ${l.maxUses}`} · <span data-testid="link-state">{STATE_LABEL[l.state] ?? l.state}</span>
              </span>
              {l.state === "usable" && (
                <span className="flex gap-3">
                  <CopyLink path={l.path} />
                  <RevokeLink meetingId={meetingId} linkId={l.id} />
                </span>
              )}
              {l.state === "creator_suspended" && owner && (
                // A plain form: works before (or without) JavaScript.
                <form action={reissueInviteLinkAction.bind(null, meetingId, l.id)}>
                  <button type="submit" className="text-brand-600 underline">
                    Re-issue as mine
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <form action={formAction} key={JSON.stringify(failed?.values ?? null)} noValidate className="grid gap-3 rounded-lg bg-white p-4 shadow-sm sm:grid-cols-2 dark:bg-slate-900">
        <FormKey value={formKey} />
        <Field name="label" label="Label (optional)" errors={errors.label}>
          <input id="label" name="label" maxLength={LABEL_MAX + 20} defaultValue={failed?.values?.label ?? ""} className={inputClass} aria-describedby="label-error" />
        </Field>
        <Field name="role" label="Holders join as" errors={errors.role}>
          <select id="role" name="role" defaultValue={failed?.values?.role ?? "GUEST"} className={inputClass}>
            <option value="GUEST">Guests (marked as guests)</option>
            <option value="PARTICIPANT">Participants (trusted partners)</option>
          </select>
        </Field>
        <Field name="expires" label="Expires (optional)" hint="Default: the meeting's end plus a grace period." errors={errors.expires ?? errors.form}>
          <input id="expires" name="expires" type="datetime-local" defaultValue={failed?.values?.expires ?? ""} className={inputClass} aria-describedby="expires-error" />
        </Field>
        <Field name="maxUses" label="Maximum uses (optional)" hint="Empty: unlimited." errors={errors.maxUses}>
          <input id="maxUses" name="maxUses" type="number" min={1} defaultValue={failed?.values?.maxUses ?? ""} className={inputClass} aria-describedby="maxUses-error" />
        </Field>
        <input type="hidden" name="timeZone" value={zone} />
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="lobby" defaultChecked={failed?.values ? failed.values.lobby === "on" : lobbyByDefault} className="size-4" />
          Holders wait in the lobby until a moderator admits them
        </label>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            Create invite link
          </Button>
        </div>
        <div className="sm:col-span-2">
          <FormError message={failed && !failed.fieldErrors ? failed.error : undefined} />
        </div>
      </form>
    </section>
  );
}

function CopyLink({ path }: { path: string }) {
  const [copied, setCopied] = useState(false);
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const url = `${origin}${path}`;
  return (
    <span className="inline-flex items-center gap-2">
      <code className="break-all text-xs" data-testid="link-url">
        {url}
      </code>
      <button
        type="button"
        className="text-brand-600 underline"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => undefined);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </span>
  );
}

function RevokeLink({ meetingId, linkId }: { meetingId: string; linkId: string }) {
  const [pending, start] = useTransition();
  return (
    <button type="button" disabled={pending} className="text-red-600 underline" onClick={() => start(async () => void (await revokeInviteLinkAction(meetingId, linkId)))}>
      Revoke
    </button>
  );
}
