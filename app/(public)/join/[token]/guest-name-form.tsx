"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { enterAsGuestAction } from "@/lib/actions/invites";

export function GuestNameForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(enterAsGuestAction.bind(null, token), null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={formAction} key={JSON.stringify(failed?.values ?? null)} noValidate className="max-w-md space-y-4 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900">
      <Field name="name" label="Your name" hint="Shown to the other participants. Nothing else is asked or kept." errors={failed?.fieldErrors?.name}>
        <input id="name" name="name" autoComplete="name" defaultValue={failed?.values?.name ?? ""} className={inputClass} aria-describedby="name-error" aria-invalid={Boolean(failed?.fieldErrors?.name)} />
      </Field>
      <FormError message={failed && !failed.fieldErrors ? failed.error : undefined} />
      <Button type="submit" disabled={pending}>
        Continue
      </Button>
    </form>
  );
}
