"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError, inputClass } from "@/components/ui/field";
import { createFeedAction, revokeFeedAction } from "@/lib/actions/calendar";

export function FeedControls({ active }: { active: boolean }) {
  const [pending, start] = useTransition();
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  const [live, setLive] = useState(active);
  return (
    <div className="space-y-3">
      <FormError message={error} />
      {url && (
        <div className="space-y-1">
          <label htmlFor="feed-url" className="block text-sm font-medium">
            Feed address (copy it now: it is shown only once)
          </label>
          <input id="feed-url" readOnly value={url} className={`${inputClass} font-mono text-sm`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <div className="flex gap-3">
        <Button disabled={pending} onClick={() => start(async () => {
          const r = await createFeedAction();
          if (r.ok) { setUrl(r.data); setLive(true); setError(undefined); } else setError(r.error);
        })}>
          {live ? "New address (the old one stops working)" : "Create feed address"}
        </Button>
        {live && (
          <Button variant="danger" disabled={pending} onClick={() => start(async () => {
            const r = await revokeFeedAction();
            if (r.ok) { setUrl(undefined); setLive(false); setError(undefined); } else setError(r.error);
          })}>
            Revoke
          </Button>
        )}
      </div>
      <p role="status" className="text-sm text-slate-500">{live ? "A feed address is active." : "No feed address is active."}</p>
    </div>
  );
}
