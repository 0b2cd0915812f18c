// The outbox: every mail is a row first and is sent later by a worker, so a request never waits on
// the mail server and nothing is lost while it is down. Rows are claimed with FOR UPDATE SKIP LOCKED
// under a lease, so several portal instances deliver each message once; a failed send is retried
// with exponential backoff, forever (capped at an hour), and its error is shown on the meeting page.
import "server-only";
import type { Transporter } from "nodemailer";
import { db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { env } from "@/lib/env";

export type OutgoingMail = { invitationId?: string | null; meetingId?: string | null; kind: MailKind; to: string; subject: string; text: string; html: string; ics?: string | null };
export type MailKind = "invite" | "update" | "cancel" | "reminder" | "renew" | "uninvite";
export type MailSender = Pick<Transporter, "sendMail">;

// A claimed row is invisible to other workers this long; a worker that dies mid-send is retried after.
const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/** `client`: the transaction of the change the mails tell about, so neither exists without the other. */
export async function enqueueMail(mails: OutgoingMail[], client: Tx = db): Promise<void> {
  if (mails.length) await client.outboxMessage.createMany({ data: mails });
}

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

/** Sends what is due, one claimed row at a time, until none is left or `limit` is reached. */
export async function deliverDue(sender: MailSender, now = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const message = await claimNext(now);
    if (!message) break;
    try {
      await sender.sendMail(toNodemailer(message));
      await db.outboxMessage.update({ where: { id: message.id }, data: { status: "SENT", sentAt: new Date(), lastError: null } });
      result.sent++;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { lastError: error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoffMs(message.attempts)) },
      });
      result.failed++;
    }
  }
  return result;
}

type Claimed = { id: string; to: string; subject: string; text: string; html: string; ics: string | null; attempts: number };

async function claimNext(now: Date): Promise<Claimed | null> {
  const rows = await db.$queryRaw<Claimed[]>`
    update "OutboxMessage" set attempts = attempts + 1, "nextAttemptAt" = ${new Date(now.getTime() + LEASE_MS)}
    where id = (
      select id from "OutboxMessage" where status = 'PENDING' and "nextAttemptAt" <= ${now}
      order by "nextAttemptAt" limit 1 for update skip locked)
    returning id, "to", subject, text, html, ics, attempts`;
  return rows[0] ?? null;
}

function toNodemailer(m: Claimed) {
  const method = m.ics ? /^METHOD:(\w+)/m.exec(m.ics)?.[1] ?? "REQUEST" : null;
  return {
    from: env.MAIL_FROM,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    // Exactly one text/calendar part, an alternative to the text and HTML, whose method matches the
    // calendar's (RFC 6047 2.4). Not nodemailer's icalEvent: it adds an "invite.ics" attachment of
    // the same event (even to a cancellation), and calendar programs then show it twice.
    ...(m.ics && method ? { alternatives: [{ contentType: `text/calendar; charset=utf-8; method=${method}`, content: m.ics }] } : {}),
  };
}
