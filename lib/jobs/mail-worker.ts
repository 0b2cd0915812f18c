// One pass of the mail worker: renew personal links running out, queue due reminders, then send what is due. Every portal instance
// runs it on a timer (lib/jobs/schedule.ts); Postgres decides who sends what, so they never double up.
import "server-only";
import { renewInvitationLinks } from "@/lib/calendar/link-renewal";
import { deliverDue } from "@/lib/mail/outbox";
import { queueDueReminders } from "@/lib/mail/reminders";
import { mailSender } from "@/lib/mail/transport";

/** `now` pins the clock (tests); otherwise each step reads it afresh, so mail queued by this pass goes out in it. */
export async function runMailWorker(now?: Date) {
  const renewed = await renewInvitationLinks(now ?? new Date());
  const reminders = await queueDueReminders(now ?? new Date());
  const sender = mailSender();
  // No SMTP_URL: mail stays queued (fail closed), shown as not sent on the meeting page.
  const delivery = sender ? await deliverDue(sender, now ?? new Date()) : { sent: 0, failed: 0 };
  return { renewed, reminders, ...delivery };
}
