"use client";
// The owner's controls in the recordings panel: delete one now, and keep them fewer days.
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { setRecordingRetentionAction } from "@/lib/actions/recordings";

export function DeleteRecording({ meetingId, recordingId }: { meetingId: string; recordingId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const remove = () =>
    start(async () => {
      if (!window.confirm("Delete this recording for everyone? This cannot be undone.")) return;
      const res = await fetch(`/api/meetings/${meetingId}/recordings/${recordingId}`, { method: "DELETE" });
      if (!res.ok) return setError("The recording could not be deleted. Reload the page and try again.");
      router.refresh();
    });
  return (
    <>
      <button type="button" disabled={pending} className="text-red-600 underline" onClick={remove}>
        Delete
      </button>
      <FormError message={error ?? undefined} />
    </>
  );
}

export function RetentionForm({ meetingId, current, siteDays }: { meetingId: string; current: number | null; siteDays: number }) {
  const [state, formAction, pending] = useActionState(setRecordingRetentionAction.bind(null, meetingId), null);
  const failed = state && !state.ok ? state : null;
  return (
    <Disclosure summary="Change how long recordings are kept" forceOpen={!!failed}>
    <form action={formAction} key={JSON.stringify(failed?.values ?? current)} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="w-64 max-w-full">
        <Field name="days" label="Keep recordings (days)" hint={`Empty: the site's ${siteDays} days, which is also the most.`} errors={failed?.fieldErrors?.days}>
          <input id="days" name="days" type="number" min={1} max={siteDays} defaultValue={failed?.values?.days ?? current ?? ""} className={inputClass} aria-describedby="days-error" />
        </Field>
      </div>
      <div className="pb-6">
        <Button type="submit" variant="secondary" disabled={pending}>
          Save
        </Button>
      </div>
      <FormError message={failed && !failed.fieldErrors ? failed.error : undefined} />
      {state?.ok && (
        <p role="status" className="pb-6 text-sm text-green-700">
          Saved.
        </p>
      )}
    </form>
    </Disclosure>
  );
}
