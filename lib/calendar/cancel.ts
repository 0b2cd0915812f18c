// Cancelling a meeting: marked cancelled, every link revoked at once, a cancellation queued for every
// invitee, the audit entry and the webhook event written, in one transaction, so none happens without the others
// (issue 21: a process killed between steps left a cancelled meeting that mailed nobody).
import "server-only";
import { audit } from "@/lib/audit";
import { queueMails } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { queueMeetingWebhook } from "@/lib/webhooks/meeting-events";

/** False when the meeting was cancelled already: then all of it was done, and nothing is done again. */
export async function cancelMeeting(user: { id: string; name: string }, meetingId: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // The row lock taken here orders racing cancellations: the second finds it done.
    const { count } = await tx.meeting.updateMany({ where: { id: meetingId, cancelledAt: null }, data: { cancelledAt: now, sequence: { increment: 1 } } });
    if (count === 0) return false;
    await tx.inviteLink.updateMany({ where: { meetingId, revokedAt: null }, data: { revokedAt: now } });
    await queueMails(meetingId, "cancel", {}, tx);
    await audit(user, "meeting.cancel", { meetingId }, tx);
    await queueMeetingWebhook("meeting.cancelled", meetingId, { client: tx });
    return true;
  });
}
