"use client";
// Erasure cannot be undone, so it asks twice: where their meetings go, and the person's name typed out.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError, inputClass } from "@/components/ui/field";
import { erasureInput } from "@/lib/validation/admin";

type Person = { id: string; name: string };

export function ErasePerson({ person, heirs }: { person: Person; heirs: Person[] }) {
  const router = useRouter();
  const id = useId();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [meetings, setMeetings] = useState<"delete" | "transfer">("delete");
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-red-600 underline">Erase…</summary>
      <form
        aria-label={`Erase ${person.name}`}
        className="mt-2 space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const parsed = erasureInput.safeParse({ confirmName: f.get("confirmName"), meetings, transferTo: meetings === "transfer" ? f.get("transferTo") || undefined : undefined });
          if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join(" "));
          start(async () => {
            const res = await fetch(`/api/admin/users/${person.id}/erasure`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(parsed.data) });
            setError(res.ok ? undefined : ((await res.json().catch(() => null))?.error?.message ?? "Could not erase."));
            router.refresh();
          });
        }}
      >
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium">Meetings they organised</legend>
          <label className="flex items-center gap-2"><input type="radio" name="meetings" checked={meetings === "delete"} onChange={() => setMeetings("delete")} /> Delete them (and their recordings)</label>
          <label className="flex items-center gap-2"><input type="radio" name="meetings" checked={meetings === "transfer"} onChange={() => setMeetings("transfer")} /> Hand them to</label>
          {meetings === "transfer" && (
            <select name="transferTo" aria-label="New organiser" className={inputClass} defaultValue="">
              <option value="" disabled>Choose a person</option>
              {heirs.filter((h) => h.id !== person.id).map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
            </select>
          )}
        </fieldset>
        <label htmlFor={`${id}-confirm`} className="block text-xs font-medium">Type “{person.name}” to confirm</label>
        <input id={`${id}-confirm`} name="confirmName" autoComplete="off" className={inputClass} />
        <FormError message={error} />
        <Button type="submit" variant="danger" disabled={pending}>Erase {person.name} for good</Button>
      </form>
    </details>
  );
}
