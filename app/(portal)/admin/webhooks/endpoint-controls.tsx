"use client";
import { useTransition } from "react";
import { deleteWebhookAction, setWebhookEnabledAction } from "@/lib/actions/webhooks";

export function EndpointControls({ id, enabled }: { id: string; enabled: boolean }) {
  const [pending, start] = useTransition();
  return (
    <span className="flex gap-3">
      <button type="button" disabled={pending} className="underline" onClick={() => start(async () => void (await setWebhookEnabledAction(id, !enabled)))}>
        {enabled ? "Disable" : "Enable"}
      </button>
      <button
        type="button"
        disabled={pending}
        className="text-red-600 underline"
        onClick={() => confirm("Remove this endpoint and its delivery log?") && start(async () => void (await deleteWebhookAction(id)))}
      >
        Remove
      </button>
    </span>
  );
}
