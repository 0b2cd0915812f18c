// meeting.scheduled / changed / cancelled, described from the meeting's row as it now stands.
import "server-only";
import { db } from "@/lib/db";
import { queueWebhook } from "@/lib/webhooks/events";

type Kind = "meeting.scheduled" | "meeting.changed" | "meeting.cancelled";
type Client = Pick<typeof db, "meeting" | "$executeRaw">;

/** `change` names a change the row does not show (one meeting of a series moved or cancelled). */
export async function queueMeetingWebhook(kind: Kind, meetingId: string, opts: { change?: string; client?: Client } = {}): Promise<void> {
  const client = opts.client ?? db;
  const m = await client.meeting.findUnique({
    where: { id: meetingId },
    select: { id: true, ownerId: true, title: true, startsAt: true, endsAt: true, durationMinutes: true, timeZone: true, rrule: true, cancelledAt: true, updatedAt: true },
  });
  if (!m) return;
  // One event per state of the meeting: the same save seen twice is one event.
  const key = kind === "meeting.changed" ? `${m.id}@${opts.change ?? m.updatedAt.toISOString()}` : m.id;
  await queueWebhook(
    kind,
    key,
    {
      meeting: {
        id: m.id,
        title: m.title,
        organiserId: m.ownerId,
        startsAt: m.startsAt.toISOString(),
        endsAt: m.endsAt.toISOString(),
        durationMinutes: m.durationMinutes,
        timeZone: m.timeZone,
        rrule: m.rrule,
        cancelledAt: m.cancelledAt?.toISOString() ?? null,
      },
    },
    kind === "meeting.changed" && !opts.change ? m.updatedAt : new Date(),
    client,
  );
}
