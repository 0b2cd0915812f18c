// The SMTP connection, from SMTP_URL. Without one there is no sender: mail stays queued (fail
// closed) and, outside production, the /outbox page shows it instead.
import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { MailSender } from "@/lib/mail/outbox";

let transport: MailSender | null | undefined;

export function mailSender(): MailSender | null {
  transport ??= env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

/** The local outbox page stands in for a mail server only while developing. */
export const outboxPageEnabled = () => !env.SMTP_URL && env.NODE_ENV !== "production";
