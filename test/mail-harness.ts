// A real SMTP server on loopback for the calendar and mail tests: it receives what the outbox sends,
// parses each mail (mailparser) and its .ics (ical.js), and can be stopped to play a mail outage.
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { type ParsedMail, simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { WEEKDAYS, allOccurrences, toRrule } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { deliverDue } from "@/lib/mail/outbox";

export const berlin = "Europe/Berlin";
// Monday 15 March 2027, 09:00 Berlin (CET); Berlin moves to summer time on 28 March.
export const firstStart = new Date("2027-03-15T08:00:00Z");

/** Call inside a describe: the server starts (with migrations and an organiser) before its tests and stops after. */
export function useMailServer() {
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port = 0;
  const tag = crypto.randomUUID().slice(0, 8);
  let owner: SessionUser;

  const h = {
    received,
    tag,
    get port() {
      return port;
    },
    get owner() {
      return owner;
    },
    listen: () =>
      new Promise<void>((resolve) => {
        server = new SMTPServer({
          authOptional: true,
          disabledCommands: ["STARTTLS"],
          onData(stream, _session, done) {
            simpleParser(stream).then((m) => (received.push(m), done()), done);
          },
        });
        server.listen(port, "127.0.0.1", () => {
          port = (server.server.address() as { port: number }).port;
          resolve();
        });
      }),
    stop: () => new Promise<void>((r) => server.close(() => r())),
    sender: () => nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }),
    mailsTo: (addr: string) => received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === addr))),
    // Sends everything queued, including mail other runs' leftovers cause (renewals scan every meeting).
    drain: async () => {
      while ((await deliverDue(h.sender())).sent > 0);
    },
    calendarOf: (m: ParsedMail) => new ICAL.Component(ICAL.parse(calendarParts(m)[0]!.content.toString("utf8"))),
    start: async () => {
      await applyMigrations(process.env.DATABASE_URL!);
      // Queued mail of earlier runs must not land in this server.
      await db.outboxMessage.updateMany({ where: { status: "PENDING" }, data: { status: "SENT" } });
      const u = await db.user.create({ data: { subject: `cal-${tag}`, name: "Olga Organiser", email: `olga-${tag}@example.org` } });
      owner = { id: u.id, name: u.name, email: u.email, roles: ["employee"], groups: [], permissions: ["SCHEDULE", "CREATE_GUEST_LINKS"], suspended: false, timeZone: null };
      await h.listen();
    },
    /** A weekly series of four, 09:00 Berlin for an hour, on the weekday of its start. */
    series: (extra: { reminderMinutes?: number; startsAt?: Date } = {}) => {
      const startsAt = extra.startsAt ?? firstStart;
      const weekday = WEEKDAYS[DateTime.fromJSDate(startsAt, { zone: berlin }).weekday - 1]!;
      const rrule = toRrule({ freq: "weekly", interval: 1, weekdays: [weekday], end: { count: 4 } }, startsAt, berlin);
      const last = allOccurrences({ startsAt, timeZone: berlin, rrule }).at(-1)!;
      return db.meeting.create({
        data: { ownerId: owner.id, title: "Weekly sync", startsAt, endsAt: new Date(last.getTime() + 3_600_000), durationMinutes: 60, timeZone: berlin, rrule, reminderMinutes: extra.reminderMinutes ?? null },
      });
    },
  };
  beforeAll(h.start);
  afterAll(h.stop);
  return h;
}

/** Every part of a mail that carries a calendar: a text/calendar part or an .ics file. */
export function calendarParts(m: ParsedMail) {
  return m.attachments.filter((a) => /^(text\/calendar|application\/ics)/i.test(a.contentType) || /\.ics$/i.test(a.filename ?? ""));
}
