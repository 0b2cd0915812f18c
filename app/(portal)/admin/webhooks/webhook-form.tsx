"use client";
// Registers an endpoint; its signing secret is shown here once, never again.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { createWebhookAction } from "@/lib/actions/webhooks";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/event-names";

export function WebhookForm() {
  const [state, action, pending] = useActionState(createWebhookAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="max-w-2xl space-y-4 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900">
      <h2 className="text-lg font-semibold">Add an endpoint</h2>
      <Field name="url" label="HTTPS address" errors={failed?.fieldErrors?.url}>
        <input id="url" name="url" type="url" required defaultValue={failed?.values?.url} placeholder="https://example.org/hooks/meetings" className={inputClass} />
      </Field>
      <Field name="description" label="Description (optional)" errors={failed?.fieldErrors?.description}>
        <input id="description" name="description" defaultValue={failed?.values?.description} className={inputClass} />
      </Field>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Events</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <label key={e} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="events" value={e} defaultChecked className="size-4" />
            <code>{e}</code>
          </label>
        ))}
        {failed?.fieldErrors?.events && <FormError message={failed.fieldErrors.events.join(" ")} />}
      </fieldset>
      {failed && !failed.fieldErrors && <FormError message={failed.error} />}
      {state?.ok && (
        <div role="status" className="space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-950" data-testid="webhook-secret">
          <p className="font-medium">Added. Its signing secret, shown only now:</p>
          <code className="block break-all rounded bg-white px-2 py-1">{state.data.secret}</code>
          <p>Keep it where the receiver verifies signatures (Standard Webhooks: headers webhook-id, webhook-timestamp, webhook-signature).</p>
        </div>
      )}
      <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add endpoint"}</Button>
    </form>
  );
}
