"use client";
// Invite links of a meeting: create (with label, role, expiry, uses, lobby), copy, revoke, and (the
// owner) re-issue a link whose creator was suspended.
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { LocalTime } from "@/components/local-time";
import { Button } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
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
  // The person an email invitation's personal link was made for.
  invitee: string | null;
};

// A used-up link takes nobody new, but those it already let in keep rejoining until it is revoked.
const STATE_LABEL: Record<string, string> = { usable: "Active", revoked: "Revoked", creator_suspended: "Suspended with its creator", expired: "Expired", used_up: "Used up (people already let in can still rejoin)" };

type ExpiryCap = { at: Date; by: "meeting_end" | "site_max" };

export function InviteLinksPanel({ meetingId, links, lobbyByDefault, owner, expiryCap, formKey }: { meetingId: string; links: Link[]; lobbyByDefault: boolean; owner: boolean; expiryCap: ExpiryCap; formKey: string }) {
  const [state, formAction, pending] = useActionState(createInviteLinkAction.bind(null, meetingId), null);
  const [zone, setZone] = useState("UTC");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  // The list is refreshed with the action's result: the new link's row holds its real expiry.
  const created = state?.ok ? links.find((l) => l.path === state.data) : undefined;
  return (
    <section className="space-y-4" aria-labelledby="links-heading">
      <h2 id="links-heading" className="text-lg font-semibold">
        Invite links
      </h2>
      {links.length === 0 && <p className="text-sm text-slate-500">No invite links yet. A link lets people without an account join.</p>}
      {state?.ok && (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800" data-testid="new-link">
          New link ready: <CopyLink key={state.data} path={state.data} />
          {created && (
            <>
              {" "}
              · expires <LocalTime iso={new Date(created.expiresAt).toISOString()} fallbackZone="UTC" />
            </>
          )}
        </p>
      )}
      {links.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="link-list">
          {links.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2" data-testid="link-row">
              <span>
                <strong>{l.label || "Untitled link"}</strong>
                {l.invitee && <> for {l.invitee}</>} · {l.role === "GUEST" ? "guests" : "participants"}
                {l.lobby ? " · wait in lobby" : " · no lobby"} · by {l.createdBy.name} · expires{" "}
                <LocalTime iso={new Date(l.expiresAt).toISOString()} fallbackZone="UTC" /> · used {l.uses}
                {l.maxUses !== null && ` of ${l.maxUses}`} · <span data-testid="link-state">{STATE_LABEL[l.state] ?? l.state}</span>
              </span>
              {l.state !== "revoked" && (
                <span className="flex gap-3">
                  {l.state === "usable" && <CopyLink path={l.path} />}
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
      <Disclosure summary="Create an invite link" forceOpen={!!failed}>
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
        <Field name="expires" label="Expires (optional)" hint={<ExpiryHint cap={expiryCap} />} errors={errors.expires ?? errors.form}>
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
      </Disclosure>
    </section>
  );
}

/** Said before creating: a later expiry than this is shortened to it. */
function ExpiryHint({ cap }: { cap: ExpiryCap }) {
  return (
    <span data-testid="expiry-cap">
      Empty or later: <LocalTime iso={new Date(cap.at).toISOString()} fallbackZone="UTC" />,{" "}
      {cap.by === "meeting_end" ? "the meeting's end plus a grace period" : "the longest link lifetime the site allows, counted from the meeting's start"}.
    </span>
  );
}

function CopyLink({ path }: { path: string }) {
  // "Copied" only once the clipboard took it: without a secure context (plain http) or permission
  // there is no clipboard, and the person is asked to copy the selected text themselves.
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const [origin, setOrigin] = useState("");
  const code = useRef<HTMLElement>(null);
  useEffect(() => setOrigin(window.location.origin), []);
  const url = `${origin}${path}`;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <code ref={code} className="break-all text-xs" data-testid="link-url">
        {url}
      </code>
      <button
        type="button"
        className="text-brand-600 underline"
        onClick={async () => {
          const ok = await (navigator.clipboard?.writeText(url).then(() => true, () => false) ?? Promise.resolve(false));
          if (!ok && code.current) window.getSelection()?.selectAllChildren(code.current);
          setCopied(ok ? "yes" : "failed");
        }}
      >
        Copy<span className="sr-only"> link</span>
      </button>
      <span role="status" className="text-xs text-slate-500" data-testid="copy-state">
        {copied === "yes" ? "Copied" : copied === "failed" ? "Could not copy: the link is selected, press Ctrl+C (⌘C)" : ""}
      </span>
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
