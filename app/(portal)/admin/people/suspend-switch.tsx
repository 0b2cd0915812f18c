"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export function SuspendSwitch({ userId, name, suspended }: { userId: string; name: string; suspended: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        className={suspended ? "text-green-700 underline" : "text-red-600 underline"}
        aria-label={`${suspended ? "Reinstate" : "Suspend"} ${name}`}
        onClick={() =>
          start(async () => {
            const res = await fetch(`/api/admin/users/${userId}/suspension`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ suspended: !suspended }) });
            setError(res.ok ? undefined : ((await res.json().catch(() => null))?.error?.message ?? "Could not save."));
            router.refresh();
          })
        }
      >
        {suspended ? "Suspended · reinstate" : "Active · suspend"}
      </button>
      {error && <span role="alert" className="ml-2 text-red-600">{error}</span>}
    </span>
  );
}
