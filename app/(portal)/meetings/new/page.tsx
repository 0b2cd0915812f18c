import { MeetingForm } from "@/components/meeting-form";
import { canSchedule } from "@/lib/access/meetings";
import { createMeetingAction } from "@/lib/actions/meetings";
import { requireUser } from "@/lib/auth/session";
import { newIdempotencyKey } from "@/lib/db/idempotency";
import { getSettings } from "@/lib/settings";

export const metadata = { title: "Schedule a meeting" };

export default async function NewMeetingPage() {
  const user = await requireUser();
  if (!canSchedule(user)) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">You cannot schedule meetings</h1>
        <p className="text-slate-600 dark:text-slate-300">Your account has no scheduling right. Ask an administrator if you need one.</p>
      </div>
    );
  }
  const settings = await getSettings();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Schedule a meeting</h1>
      <MeetingForm action={createMeetingAction} zones={Intl.supportedValuesOf("timeZone")} submitLabel="Schedule" e2eeByDefault={settings.e2eeDefault} attendanceAllowed={settings.attendanceAllowed} withInvitees formKey={newIdempotencyKey()} />
    </div>
  );
}
