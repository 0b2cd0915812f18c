"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import type { SiteSettings } from "@/lib/settings";
import { settingsInput } from "@/lib/validation/admin";

const NUMBERS = [
  ["inviteMaxDays", "Longest invite-link lifetime (days)"],
  ["meetingRetentionDays", "Keep ended meetings for (days)"],
  ["auditRetentionDays", "Keep audit entries for (days)"],
  ["personRetentionDays", "Keep people who have not signed in for (days)"],
  ["attendanceRetentionDays", "Keep attendance for (days)"],
] as const;
const SWITCHES = [
  ["guestLobbyDefault", "New invite links send guests to the lobby"],
  ["recordingAllowed", "Recording and livestreaming allowed at all"],
  ["e2eeDefault", "New meetings require end-to-end encryption"],
  ["attendanceAllowed", "Organisers may keep attendance (who joined, when, for how long)"],
] as const;

export function PolicyForm({ initial }: { initial: SiteSettings }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  return (
    <form
      noValidate
      className="max-w-xl space-y-4 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const parsed = settingsInput.safeParse({
          organisationName: f.get("organisationName"),
          ...Object.fromEntries(NUMBERS.map(([k]) => [k, f.get(k)])),
          ...Object.fromEntries(SWITCHES.map(([k]) => [k, f.get(k) === "on"])),
          version: f.get("version"),
          organisationDomains: f.get("organisationDomains"),
        });
        if (!parsed.success) return setMessage({ ok: false, text: parsed.error.issues.map((i) => i.message).join(" ") });
        start(async () => {
          const res = await fetch("/api/admin/settings", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(parsed.data) });
          setMessage(res.ok ? { ok: true, text: "Saved." } : { ok: false, text: (await res.json().catch(() => null))?.error?.message ?? "Could not save." });
          // After a conflict the form keeps its stale version: saving again must not overwrite the other change.
          if (res.status !== 409) router.refresh();
        });
      }}
    >
      <input type="hidden" name="version" value={initial.version} />
      <Field name="organisationName" label="Organisation name">
        <input id="organisationName" name="organisationName" defaultValue={initial.organisationName} className={inputClass} />
      </Field>
      <Field name="organisationDomains" label="Organisation mail domains" hint="Comma-separated, e.g. example.org. Invitations to these addresses make colleagues members at their first sign-in, instead of sending a guest link.">
        <input id="organisationDomains" name="organisationDomains" defaultValue={initial.organisationDomains.join(", ")} className={inputClass} />
      </Field>
      {NUMBERS.map(([key, label]) => (
        <Field key={key} name={key} label={label}>
          <input id={key} name={key} type="number" min={1} defaultValue={initial[key]} className={inputClass} />
        </Field>
      ))}
      {SWITCHES.map(([key, label]) => (
        <label key={key} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={key} defaultChecked={initial[key]} className="size-4" />
          {label}
        </label>
      ))}
      {message && !message.ok && <FormError message={message.text} />}
      {message?.ok && <p role="status" className="text-sm text-green-700">{message.text}</p>}
      <Button type="submit" disabled={pending}>Save policy</Button>
    </form>
  );
}
