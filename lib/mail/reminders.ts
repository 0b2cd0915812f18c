// Reminder mails, N minutes before each occurrence. Sent once however many portal instances look:
// the ReminderSent primary key (meeting, occurrence) is claimed by an insert in the same transaction
// that queues the mails, so a racing worker's insert waits, conflicts and queues nothing. The key is
// the occurrence's actual start, so a meeting moved after its reminder went out is reminded of again.
import "server-only";
import type { MovedOccurrence } from "@/lib/calendar/ics";
import { schedule } from "@/lib/calendar/recurrence";
import { listInvitees, mailMeeting, meetingPageUrl } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { composeMail } from "@/lib/mail/messages";
import { getSettings } from "@/lib/settings";

export async function queueDueReminders(now = new Date()): Promise<number> {
  const meetings = await db.meeting.findMany({
    where: { reminderMinutes: { not: null }, cancelledAt: null, endsAt: { gt: now } },
    select: { id: true, startsAt: true, timeZone: true, rrule: true, durationMinutes: true, reminderMinutes: true, exceptions: { select: { occurrenceStart: true, cancelledAt: true, startsAt: true, durationMinutes: true } } },
  });
  let queued = 0;
  for (const m of meetings) {
    // Moved meetings are reminded of at their new time; cancelled ones not at all.
    const due = schedule(m, now, new Date(now.getTime() + m.reminderMinutes! * 60_000)).filter((o) => !o.cancelled);
    for (const o of due) if (await queueReminder(m.id, o)) queued++;
  }
  return queued;
}

/** True when this call queued the reminder; false when another worker already had. */
export async function queueReminder(meetingId: string, occurrence: MovedOccurrence): Promise<boolean> {
  const [meeting, invitees, settings, owner] = await Promise.all([
    mailMeeting(meetingId),
    listInvitees(meetingId),
    getSettings(),
    db.meeting.findUnique({ where: { id: meetingId }, select: { owner: { select: { email: true, name: true, timeZone: true } } } }),
  ]);
  if (!meeting) return false;
  const ownerMail = owner?.owner.email ? [{ id: null, email: owner.owner.email, name: owner.owner.name, timeZone: owner.owner.timeZone, joinUrl: meetingPageUrl(meetingId), colleague: true }] : [];
  const mails = [...ownerMail, ...invitees].map((to) => composeMail("reminder", settings.organisationName, meeting, to, occurrence));
  return db.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      insert into "ReminderSent" ("meetingId", "occurrenceStart") values (${meetingId}::uuid, ${occurrence.startsAt})
      on conflict do nothing`;
    if (claimed !== 1) return false;
    if (mails.length) await tx.outboxMessage.createMany({ data: mails });
    return true;
  });
}
