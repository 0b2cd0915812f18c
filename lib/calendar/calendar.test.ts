// Series across daylight saving, the .ics a calendar program reads, and the whole mail path into a
// real SMTP server on loopback: invitations, updates, cancellations, an outage, racing reminders.
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { type ParsedMail, simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { inviteByEmail, notifyInvitees } from "@/lib/calendar/invitations";
import { WEEKDAYS, allOccurrences, toRrule } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { backoffMs, deliverDue } from "@/lib/mail/outbox";
import { queueDueReminders } from "@/lib/mail/reminders";
import { inviteesInput } from "@/lib/validation/calendar";
import { meetingInput } from "@/lib/validation/meeting";

const berlin = "Europe/Berlin";
// Monday 15 March 2027, 09:00 Berlin (CET); Berlin moves to summer time on 28 March.
const firstStart = new Date("2027-03-15T08:00:00Z");

describe("recurrence", () => {
  it("keeps a weekly 09:00 Berlin meeting at 09:00 Berlin across the change to summer time", () => {
    const rrule = toRrule({ freq: "weekly", interval: 1, weekdays: ["MO"], end: { count: 4 } }, firstStart, berlin);
    const starts = allOccurrences({ startsAt: firstStart, timeZone: berlin, rrule });
    expect(starts.map((d) => d.toISOString())).toEqual(["2027-03-15T08:00:00.000Z", "2027-03-22T08:00:00.000Z", "2027-03-29T07:00:00.000Z", "2027-04-05T07:00:00.000Z"]);
    for (const d of starts) expect(new Intl.DateTimeFormat("en-GB", { timeZone: berlin, hour: "2-digit", minute: "2-digit" }).format(d)).toBe("09:00");
  });

  it("parses the form: second Tuesday monthly until a day, ends at the last occurrence", () => {
    const m = meetingInput.parse({ title: "Ops", start: "2027-03-09T09:00", timeZone: berlin, durationMinutes: "30", repeat: "monthly", monthlyBy: "weekday", ends: "until", until: "2027-06-30" });
    expect(m.rrule).toBe("FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TU;UNTIL=20270630T215959Z");
    expect(m.endsAt.toISOString()).toBe("2027-06-08T07:30:00.000Z");
  });

  it("refuses a weekly series without weekdays and a title with a line break", () => {
    const bad = meetingInput.safeParse({ title: "Hi\r\nBcc: x@evil.test", start: "2027-03-09T09:00", timeZone: berlin, durationMinutes: "30", repeat: "weekly", weekdays: "" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path[0]);
    expect(paths).toContain("title");
  });
});

describe("invitee input", () => {
  it("accepts names and addresses, refuses bad addresses, injection and too many people", () => {
    expect(inviteesInput.parse({ invitees: "Ada <ADA@example.org>, bob@example.net" }).invitees).toEqual([{ email: "ada@example.org", name: "Ada" }, { email: "bob@example.net", name: "" }]);
    const fails = (invitees: string) => inviteesInput.safeParse({ invitees }).error?.issues[0]?.message;
    expect(fails("not-an-address")).toMatch(/not a valid email address/);
    expect(fails("Eve\u0007 <eve@example.org>")).toMatch(/control characters/);
    expect(fails("eve@example.org\u0000Bcc: all@example.org")).toMatch(/control characters|not a valid/);
    expect(fails(Array.from({ length: 101 }, (_, i) => `p${i}@example.org`).join("\n"))).toMatch(/at most 100/);
    expect(fails("")).toMatch(/at least one/);
  });
});

describe("mail to a real SMTP server", () => {
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port = 0;
  const tag = crypto.randomUUID().slice(0, 8);
  let owner: SessionUser;

  const listen = () =>
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
    });
  const sender = () => nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  const mailsTo = (addr: string) => received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === addr)));
  const calendarOf = (m: ParsedMail) => {
    const ics = m.attachments.find((a) => a.filename?.endsWith(".ics"))!.content.toString("utf8");
    return new ICAL.Component(ICAL.parse(ics));
  };

  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
    // Queued mail of earlier runs must not land in this server.
    await db.outboxMessage.updateMany({ where: { status: "PENDING" }, data: { status: "SENT" } });
    const u = await db.user.create({ data: { subject: `cal-${tag}`, name: "Olga Organiser", email: `olga-${tag}@example.org` } });
    owner = { id: u.id, name: u.name, email: u.email, roles: ["employee"], groups: [], permissions: ["SCHEDULE", "CREATE_GUEST_LINKS"], suspended: false };
    await listen();
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function series(extra: { reminderMinutes?: number; startsAt?: Date } = {}) {
    const startsAt = extra.startsAt ?? firstStart;
    // Weekly on the start's own weekday, so the start is the first occurrence whatever day tests run.
    const weekday = WEEKDAYS[DateTime.fromJSDate(startsAt, { zone: berlin }).weekday - 1]!;
    const rrule = toRrule({ freq: "weekly", interval: 1, weekdays: [weekday], end: { count: 4 } }, startsAt, berlin);
    const last = allOccurrences({ startsAt, timeZone: berlin, rrule }).at(-1)!;
    return db.meeting.create({
      data: { ownerId: owner.id, title: "Weekly sync", startsAt, endsAt: new Date(last.getTime() + 3_600_000), durationMinutes: 60, timeZone: berlin, rrule, reminderMinutes: extra.reminderMinutes ?? null },
    });
  }

  it("invites, updates and cancels with .ics a calendar program understands", async () => {
    const meeting = await series();
    const guest = `guest-${tag}@example.net`;
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: `Gus Guest <${guest}>`, timeZone: "America/New_York" }));
    expect(await deliverDue(sender())).toMatchObject({ failed: 0 });

    const [invite] = mailsTo(guest);
    expect(invite!.subject).toBe("Invitation: Weekly sync");
    expect(invite!.text).toContain("Join: http://127.0.0.1:3000/join/");
    // 09:00 Berlin on 15 March is 04:00 in New York (both still on winter time).
    expect(invite!.text).toContain("Monday, 15 March 2027, 04:00–05:00 (your time, America/New_York)");
    expect(invite!.html).toContain('<a href="http://127.0.0.1:3000/join/');
    const cal = calendarOf(invite!);
    expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
    const tz = new ICAL.Timezone(cal.getFirstSubcomponent("vtimezone")!);
    ICAL.TimezoneService.register(tz, berlin);
    const event = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
    const uid = event.uid;
    expect(event.component.getFirstPropertyValue("sequence")).toBe(0);
    expect(event.startDate.toJSDate().toISOString()).toBe("2027-03-15T08:00:00.000Z");
    expect(event.isRecurring()).toBe(true);
    // Every occurrence through the calendar parser's own expansion: 09:00 Berlin, across the change.
    const it = event.iterator();
    const expanded = [1, 2, 3, 4].map(() => it.next()!.toJSDate().toISOString());
    expect(expanded).toEqual(["2027-03-15T08:00:00.000Z", "2027-03-22T08:00:00.000Z", "2027-03-29T07:00:00.000Z", "2027-04-05T07:00:00.000Z"]);

    await db.meeting.update({ where: { id: meeting.id }, data: { title: "Weekly sync (moved room)" } });
    await notifyInvitees(meeting.id, "update");
    await deliverDue(sender());
    const update = mailsTo(guest)[1]!;
    expect(update.subject).toBe("Updated: Weekly sync (moved room)");
    const updated = new ICAL.Event(calendarOf(update).getFirstSubcomponent("vevent")!);
    expect(updated.uid).toBe(uid);
    expect(updated.component.getFirstPropertyValue("sequence")).toBe(1);

    // One occurrence cancelled: CANCEL for that RECURRENCE-ID only.
    const third = new Date("2027-03-29T07:00:00Z");
    await db.meetingException.create({ data: { meetingId: meeting.id, occurrenceStart: third } });
    await notifyInvitees(meeting.id, "cancel", third);
    await deliverDue(sender());
    const one = calendarOf(mailsTo(guest)[2]!);
    expect(one.getFirstPropertyValue("method")).toBe("CANCEL");
    const oneEvent = new ICAL.Event(one.getFirstSubcomponent("vevent")!);
    expect(oneEvent.uid).toBe(uid);
    expect(oneEvent.recurrenceId!.toJSDate().toISOString()).toBe(third.toISOString());

    // The whole series: CANCEL without RECURRENCE-ID, SEQUENCE higher still.
    await notifyInvitees(meeting.id, "cancel");
    await deliverDue(sender());
    const all = calendarOf(mailsTo(guest)[3]!);
    expect(all.getFirstPropertyValue("method")).toBe("CANCEL");
    const allEvent = all.getFirstSubcomponent("vevent")!;
    expect(allEvent.getFirstPropertyValue("recurrence-id")).toBeNull();
    expect(allEvent.getFirstPropertyValue("sequence")).toBe(3);
    expect(allEvent.getFirstPropertyValue("exdate")).not.toBeNull();
  });

  it("keeps mail queued while the server is down and delivers it when it is back", async () => {
    const meeting = await series();
    const guest = `outage-${tag}@example.net`;
    await new Promise<void>((r) => server.close(() => r()));
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: guest }));
    const now = new Date();
    expect(await deliverDue(sender(), now)).toEqual({ sent: 0, failed: 1 });
    const queued = await db.outboxMessage.findFirstOrThrow({ where: { to: guest } });
    expect(queued).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(queued.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(queued.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
    // Not due yet: nothing is tried before the backoff is over.
    expect(await deliverDue(sender(), now)).toEqual({ sent: 0, failed: 0 });

    await listen();
    expect(await deliverDue(sender(), new Date(now.getTime() + backoffMs(1)))).toEqual({ sent: 1, failed: 0 });
    expect(mailsTo(guest)).toHaveLength(1);
    expect(await db.outboxMessage.findFirstOrThrow({ where: { to: guest } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("sends one reminder when two workers race over it, and none for a cancelled meeting", async () => {
    const startsAt = new Date(Date.now() + 20 * 60_000);
    const meeting = await series({ reminderMinutes: 30, startsAt });
    const cancelled = await series({ reminderMinutes: 30, startsAt });
    const guest = `reminded-${tag}@example.net`;
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: guest }));
    await inviteByEmail(cancelled, owner, inviteesInput.parse({ invitees: `cancelled-${guest}` }));
    await db.meeting.update({ where: { id: cancelled.id }, data: { cancelledAt: new Date() } });
    await deliverDue(sender());

    const workers = await Promise.all([queueDueReminders(), queueDueReminders(), queueDueReminders()]);
    expect(workers.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    await Promise.all([deliverDue(sender()), deliverDue(sender())]);
    expect(mailsTo(guest).filter((m) => m.subject?.startsWith("Reminder:"))).toHaveLength(1);
    expect(mailsTo(`cancelled-${guest}`).filter((m) => m.subject?.startsWith("Reminder:"))).toHaveLength(0);
    expect(await db.reminderSent.count({ where: { meetingId: meeting.id } })).toBe(1);
  });
});
