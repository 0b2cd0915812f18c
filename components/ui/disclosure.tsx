"use client";
// A form opened on demand: <details> opens without JavaScript; `forceOpen` (a failed submit) shows
// the form with its errors, and the person's own opening survives re-renders (a success message stays).
import { type ReactNode, useState } from "react";

export function Disclosure({ summary, forceOpen = false, children, className = "" }: { summary: ReactNode; forceOpen?: boolean; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details open={open || forceOpen} onToggle={(e) => setOpen(e.currentTarget.open)} className={`group ${className}`} data-testid="disclosure">
      <summary className="cursor-pointer list-none text-sm font-medium text-brand-700 marker:hidden hover:underline dark:text-brand-300">
        <span aria-hidden className="mr-1 inline-block transition-transform group-open:rotate-90">
          ▸
        </span>
        {summary}
      </summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}
