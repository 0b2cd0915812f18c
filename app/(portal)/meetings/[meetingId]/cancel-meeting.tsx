"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { cancelMeetingAction } from "@/lib/actions/meetings";

export function CancelMeeting({ meetingId }: { meetingId: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex items-center gap-3">
      <Button
        variant="danger"
        disabled={pending}
        onClick={() => {
          if (!confirm("Cancel this meeting for everyone? Nobody will be able to join it.")) return;
          start(async () => {
            const result = await cancelMeetingAction(meetingId);
            setError(result.ok ? undefined : result.error);
          });
        }}
      >
        Cancel meeting
      </Button>
      <FormError message={error} />
    </div>
  );
}
