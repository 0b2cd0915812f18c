// A labelled input whose errors are announced and linked (aria-describedby), for every form.
import type { ReactNode } from "react";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 aria-[invalid=true]:ring-red-500 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600";

// `id` defaults to the field's name; a page with the same form several times gives each its own.
export function Field({ name, id = name, label, hint, errors, children }: { name: string; id?: string; label: string; hint?: ReactNode; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
      <p id={`${id}-error`} aria-live="polite" className="text-sm text-red-600">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" aria-live="polite" className="text-sm font-medium text-red-600">
      {message}
    </p>
  );
}

/** A creating form's key, made when the page was rendered: a replay of the same submission creates nothing (lib/db/idempotency.ts). */
export function FormKey({ value }: { value: string }) {
  return <input type="hidden" name="idempotencyKey" value={value} />;
}
