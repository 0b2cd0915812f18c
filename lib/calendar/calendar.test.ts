// Series across daylight saving, the .ics a calendar program reads, and the whole mail path into a
// real SMTP server on loopback: invitations, updates, cancellations, an outage, racing reminders.
import { execFile } from "node:child_process";
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { type ParsedMail, simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { inviteByEmail, notifyInvitees, removeInvitation, renewInvitationLinks } from "@/lib/calendar/invitations";
import { cancelOccurrence, changeOccurrence, updateMeeting } from "@/lib/calendar/occurrences";
import { joinWindow } from "@/lib/calendar/series";
import type { AppError } from "@/lib/errors";
import { buildCalendar } from "@/lib/calendar/ics";
import { type Series, WEEKDAYS, allOccurrences, currentOrNext, occurrenceAt, schedule, seriesEnd, toRrule } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { backoffMs, deliverDue } from "@/lib/mail/outbox";
import { queueDueReminders } from "@/lib/mail/reminders";
import { inviteesInput } from "@/lib/validation/calendar";
import { START_IN_PAST, meetingInput, occurrenceInput, toFormValues } from "@/lib/validation/meeting";

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

describe("one meeting of a series changed", () => {
  const rrule = toRrule({ freq: "weekly", interval: 1, weekdays: ["MO"], end: { count: 4 } }, firstStart, berlin);
  const [, second, third, fourth] = allOccurrences({ startsAt: firstStart, timeZone: berlin, rrule });
  // The second Monday moved to Tuesday 14:00 Berlin for 90 minutes; the third cancelled.
  const movedTo = new Date("2027-03-23T13:00:00Z");
  const series: Series = {
    startsAt: firstStart, timeZone: berlin, rrule, durationMinutes: 60,
    exceptions: [
      { occurrenceStart: second!, cancelledAt: null, startsAt: movedTo, durationMinutes: 90 },
      { occurrenceStart: third!, cancelledAt: new Date(), startsAt: null, durationMinutes: null },
    ],
  };

  it("lists the moved one at its new time and marks the cancelled one", () => {
    const all = schedule(series, new Date("2027-01-01T00:00:00Z"), new Date("2028-01-01T00:00:00Z"));
    expect(all.map((o) => [o.start.toISOString(), o.durationMinutes, o.moved, o.cancelled])).toEqual([
      ["2027-03-15T08:00:00.000Z", 60, false, false],
      [movedTo.toISOString(), 90, true, false],
      [third!.toISOString(), 60, false, true],
      [fourth!.toISOString(), 60, false, false],
    ]);
    expect(all[1]!.originalStart).toEqual(second);
    // A window that holds only the original time of the moved one finds nothing there.
    expect(schedule(series, second!, new Date(second!.getTime() + 60_000))).toEqual([]);
  });

  it("is on at the new time, skips the cancelled one, and ends with the last meeting", () => {
    expect(currentOrNext(series, new Date("2027-03-22T09:30:00Z"))!.start).toEqual(movedTo);
    // 14:00 + 90 minutes: still on at 15:20 Berlin.
    expect(currentOrNext(series, new Date("2027-03-23T14:20:00Z"))!.start).toEqual(movedTo);
    expect(currentOrNext(series, new Date("2027-03-24T00:00:00Z"))!.start).toEqual(fourth);
    expect(currentOrNext(series, new Date("2027-04-06T00:00:00Z"))).toBeNull();
    // Years ahead of a series, its first meeting is the next one.
    expect(currentOrNext(series, new Date("2019-01-01T00:00:00Z"))!.start).toEqual(firstStart);
    expect(occurrenceAt(series, second!)).toMatchObject({ start: movedTo, moved: true });
    expect(occurrenceAt(series, new Date("2027-03-16T08:00:00Z"))).toBeNull();
    const late = { ...series, exceptions: [{ occurrenceStart: second!, cancelledAt: null, startsAt: new Date("2027-05-03T08:00:00Z"), durationMinutes: 30 }] };
    expect(seriesEnd(series)).toEqual(new Date(fourth!.getTime() + 3_600_000));
    expect(seriesEnd(late)).toEqual(new Date("2027-05-03T08:30:00Z"));
  });

  it("writes the moved one as its own VEVENT, which a calendar parser applies to the series", () => {
    const text = buildCalendar("REQUEST", [{
      uid: "series@example.test", sequence: 2, title: "Weekly sync", description: "", url: "https://portal.example.test/m", ...series,
      exdates: [third!], moved: [{ originalStart: second!, startsAt: movedTo, durationMinutes: 90 }], organizer: { name: "Olga", email: "olga@example.test" },
    }]);
    const cal = new ICAL.Component(ICAL.parse(text));
    ICAL.TimezoneService.register(new ICAL.Timezone(cal.getFirstSubcomponent("vtimezone")!), berlin);
    const [master, override] = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(override!.uid).toBe(master!.uid);
    expect(override!.recurrenceId!.toJSDate()).toEqual(second);
    expect(override!.component.getFirstPropertyValue("sequence")).toBe(2);
    master!.relateException(override!);
    const it = master!.iterator();
    const seen = [];
    for (let next = it.next(); next; next = it.next()) {
      const details = master!.getOccurrenceDetails(next);
      seen.push([details.startDate.toJSDate().toISOString(), details.endDate.toJSDate().toISOString()]);
    }
    expect(seen).toEqual([
      ["2027-03-15T08:00:00.000Z", "2027-03-15T09:00:00.000Z"],
      ["2027-03-23T13:00:00.000Z", "2027-03-23T14:30:00.000Z"],
      ["2027-04-05T07:00:00.000Z", "2027-04-05T08:00:00.000Z"],
    ]);
  });

  it("parses the change form: the occurrence named, its start and length checked like a meeting's", () => {
    expect(occurrenceInput.parse({ occurrence: second!.toISOString(), start: "2027-03-23T14:00", durationMinutes: "90" })).toEqual({ occurrence: second, start: "2027-03-23T14:00", durationMinutes: 90 });
    const issues = occurrenceInput.safeParse({ occurrence: "yesterday", start: "soon", durationMinutes: "0" }).error!.issues.map((i) => i.path[0]);
    expect(issues.sort()).toEqual(["durationMinutes", "occurrence", "start"]);
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
  // Sends everything queued, including mail other runs' leftovers cause (renewals scan every meeting).
  const drain = async () => {
    while ((await deliverDue(sender())).sent > 0);
  };
  const calendarOf = (m: ParsedMail) => {
    const ics = m.attachments.find((a) => a.filename?.endsWith(".ics"))!.content.toString("utf8");
    return new ICAL.Component(ICAL.parse(ics));
  };

  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
    // Queued mail of earlier runs must not land in this server.
    await db.outboxMessage.updateMany({ where: { status: "PENDING" }, data: { status: "SENT" } });
    const u = await db.user.create({ data: { subject: `cal-${tag}`, name: "Olga Organiser", email: `olga-${tag}@example.org` } });
    owner = { id: u.id, name: u.name, email: u.email, roles: ["employee"], groups: [], permissions: ["SCHEDULE", "CREATE_GUEST_LINKS"], suspended: false, timeZone: null };
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
    await cancelOccurrence(meeting, third, new Date("2027-03-01T00:00:00Z"));
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

  it("moves one meeting of a series: an update for that one, the series with it for newcomers, clear refusals", async () => {
    const meeting = await series({ reminderMinutes: 30 });
    const guest = `mover-${tag}@example.net`;
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: guest, timeZone: "America/New_York" }));
    await deliverDue(sender());
    const uid = new ICAL.Event(calendarOf(mailsTo(guest)[0]!).getFirstSubcomponent("vevent")!).uid;
    const now = new Date("2027-03-01T00:00:00Z");
    const [second, third, fourth] = [new Date("2027-03-22T08:00:00Z"), new Date("2027-03-29T07:00:00Z"), new Date("2027-04-05T07:00:00Z")];
    const load = () => db.meeting.findUniqueOrThrow({ where: { id: meeting.id } });

    // The second Monday moves to Tuesday 14:00 Berlin and lasts 90 minutes.
    expect(await changeOccurrence(await load(), { occurrence: second, start: "2027-03-23T14:00", durationMinutes: 90 }, now)).toBe("The meeting of Mon 22 Mar 2027, 09:00 now starts Tue 23 Mar 2027, 14:00.");
    await deliverDue(sender());
    const moved = mailsTo(guest)[1]!;
    // New York is on summer time from 14 March, Berlin from 28 March.
    expect(moved.subject).toBe("Updated: Weekly sync on Monday, 22 March 2027");
    expect(moved.text).toContain("changed the meeting of Monday, 22 March 2027, 04:00; the rest of the series stays.");
    expect(moved.text).toContain("Tuesday, 23 March 2027, 09:00–10:30 (your time, America/New_York)");
    const cal = calendarOf(moved);
    expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
    const [only, ...rest] = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(rest).toHaveLength(0);
    expect(only!.uid).toBe(uid);
    expect(only!.recurrenceId!.toJSDate()).toEqual(second);
    expect(only!.startDate.toJSDate()).toEqual(new Date("2027-03-23T13:00:00Z"));
    expect(only!.endDate.toJSDate()).toEqual(new Date("2027-03-23T14:30:00Z"));
    expect(only!.component.getFirstPropertyValue("sequence")).toBe(1);
    expect(only!.component.getFirstPropertyValue("rrule")).toBeNull();

    // Someone invited afterwards gets the series and the moved meeting in one calendar.
    const late = `late-${tag}@example.net`;
    await inviteByEmail(await load(), owner, inviteesInput.parse({ invitees: late }));
    await deliverDue(sender());
    const [master, override] = calendarOf(mailsTo(late)[0]!).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(master!.isRecurring()).toBe(true);
    expect(override!.recurrenceId!.toJSDate()).toEqual(second);

    // It is on at its new time, not at the old one, and is reminded of at its new time.
    expect(await joinWindow(await load(), new Date("2027-03-22T08:10:00Z"))).toMatchObject({ state: "early", occurrence: { start: new Date("2027-03-23T13:00:00Z") } });
    expect(await joinWindow(await load(), new Date("2027-03-23T14:20:00Z"))).toMatchObject({ state: "open" });
    await queueDueReminders(new Date("2027-03-22T07:45:00Z"));
    await queueDueReminders(new Date("2027-03-23T12:45:00Z"));
    expect((await db.reminderSent.findMany({ where: { meetingId: meeting.id } })).map((r) => r.occurrenceStart)).toEqual([new Date("2027-03-23T13:00:00Z")]);

    // Refused, each with its reason, and nothing written or sent.
    await deliverDue(sender());
    const sentBefore = received.length;
    const refusal = (occurrence: Date, start: string, durationMinutes = 60) => changeOccurrence(meeting, { occurrence, start, durationMinutes }, now).then(() => "accepted", (e: AppError) => e.message);
    expect(await refusal(fourth, "2027-03-23T14:30")).toBe("That overlaps the meeting of this series on Tue 23 Mar 2027, 14:00; choose another time");
    expect(await refusal(fourth, "2027-02-01T09:00")).toBe(START_IN_PAST);
    expect(await refusal(fourth, "2028-04-10T09:00")).toBe("Move a meeting by a year at most");
    expect(await refusal(new Date("2027-03-16T08:00:00Z"), "2027-03-16T10:00")).toBe("That meeting is not part of this series.");
    await cancelOccurrence(meeting, third, now);
    expect(await refusal(third, "2027-03-30T09:00")).toBe("That meeting was cancelled; it cannot be changed.");
    expect(await changeOccurrence(meeting, { occurrence: second, start: "2027-03-23T14:00", durationMinutes: 90 }, now)).toBe("Nothing changed.");
    expect(await refusal(second, "2027-03-23T14:00", 90).then(() => changeOccurrence(meeting, { occurrence: second, start: "2027-03-22T09:00", durationMinutes: 60 }, new Date("2027-03-24T00:00:00Z"))).catch((e: AppError) => e.message)).toBe("That meeting is already over.");
    await deliverDue(sender());
    // Only the cancellation of the third, to both invitees.
    expect(received.slice(sentBefore).map((m) => m.subject)).toEqual(["Cancelled: Weekly sync on Monday, 29 March 2027", "Cancelled: Weekly sync on Monday, 29 March 2027"]);

    // A meeting moved past the last one extends the series; moving it back removes the change.
    await changeOccurrence(meeting, { occurrence: fourth, start: "2027-05-03T09:00", durationMinutes: 60 }, now);
    expect((await load()).endsAt).toEqual(new Date("2027-05-03T08:00:00Z"));
    await changeOccurrence(meeting, { occurrence: fourth, start: "2027-04-05T09:00", durationMinutes: 60 }, now);
    expect((await load()).endsAt).toEqual(new Date("2027-04-05T08:00:00Z"));
    expect(await db.meetingException.count({ where: { meetingId: meeting.id, occurrenceStart: fourth } })).toBe(0);

    // Editing the whole series: a new title keeps both changes; a new rule drops the move, keeps the cancellation.
    const { start: _s, ...same } = meetingInput.parse({ ...toFormValues(await load()), title: "Weekly sync renamed", durationMinutes: "60", repeat: "weekly", weekdays: "MO", count: "4" });
    await updateMeeting(await load(), same);
    expect(await db.meetingException.count({ where: { meetingId: meeting.id } })).toBe(2);
    const { start: _t, ...longer } = meetingInput.parse({ ...toFormValues(await load()), durationMinutes: "60", repeat: "weekly", weekdays: "MO", count: "6" });
    await updateMeeting(await load(), longer);
    expect(await db.meetingException.findMany({ where: { meetingId: meeting.id }, select: { occurrenceStart: true, startsAt: true } })).toEqual([{ occurrenceStart: third, startsAt: null }]);
    await deliverDue(sender());
  });

  it("renews a guest's personal link before it runs out while the series goes on, once among racing workers", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    const meeting = await db.meeting.update({ where: { id: (await series({ startsAt })).id }, data: { rrule: toRrule({ freq: "daily", interval: 1, end: { count: 90 } }, startsAt, berlin), endsAt: new Date(startsAt.getTime() + 90 * 86_400_000) } });
    const guest = `renewed-${tag}@example.net`;
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: guest }));
    const first = await db.invitation.findFirstOrThrow({ where: { email: guest } });
    const firstLink = await db.inviteLink.findUniqueOrThrow({ where: { id: first.linkId! } });
    // One new browser per meeting of the series; the site caps the life of the link (30 days here).
    expect(firstLink.maxUses).toBe(90);
    expect(firstLink.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    await drain();

    expect(await renewInvitationLinks(new Date())).toBeGreaterThanOrEqual(0);
    expect((await db.invitation.findFirstOrThrow({ where: { email: guest } })).linkId).toBe(first.linkId); // not due yet
    const later = new Date(Date.now() + 28 * 86_400_000);
    await Promise.all([renewInvitationLinks(later), renewInvitationLinks(later)]);
    const renewed = await db.invitation.findFirstOrThrow({ where: { email: guest } });
    expect(renewed.linkId).not.toBe(first.linkId);
    const newLink = await db.inviteLink.findUniqueOrThrow({ where: { id: renewed.linkId! } });
    expect(newLink).toMatchObject({ maxUses: 90, role: "GUEST", lobby: firstLink.lobby, revokedAt: null });
    expect(newLink.expiresAt.getTime()).toBeGreaterThan(firstLink.expiresAt.getTime());
    expect(await db.inviteLink.count({ where: { meetingId: meeting.id } })).toBe(2); // the loser's link rolled back
    expect(await db.auditEntry.findMany({ where: { meetingId: meeting.id }, select: { action: true, actorName: true, details: true }, orderBy: { at: "asc" } })).toEqual([
      { action: "invitation.send", actorName: "Olga Organiser", details: { colleagues: 0, guests: 1 } },
      { action: "link.renew", actorName: "system", details: { linkId: newLink.id, replaces: firstLink.id } },
    ]);
    await drain();
    const mails = mailsTo(guest);
    expect(mails.map((m) => m.subject)).toEqual(["Invitation: Weekly sync", "New link: Weekly sync"]);
    const url = (m: ParsedMail) => /\/join\/[A-Za-z0-9_-]{43}/.exec(m.text ?? "")![0];
    expect(url(mails[1]!)).not.toBe(url(mails[0]!));
    const [event] = calendarOf(mails[1]!).getAllSubcomponents("vevent");
    expect(event!.getFirstPropertyValue("uid")).toBe(new ICAL.Event(calendarOf(mails[0]!).getFirstSubcomponent("vevent")!).uid);
    expect(event!.getFirstPropertyValue("sequence")).toBe(1);
    expect(String(event!.getFirstPropertyValue("url"))).toContain(url(mails[1]!));
  });

  it("un-inviting before the invitation went out drops it: no mail at all, the link revoked", async () => {
    const meeting = await series();
    const guest = `second-thoughts-${tag}@example.net`;
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: guest }));
    const invitation = await db.invitation.findFirstOrThrow({ where: { email: guest } });
    await removeInvitation(meeting.id, owner, invitation.id);
    await drain();
    expect(mailsTo(guest)).toHaveLength(0);
    expect(await db.outboxMessage.count({ where: { to: guest } })).toBe(0);
    expect((await db.inviteLink.findUniqueOrThrow({ where: { id: invitation.linkId! } })).revokedAt).not.toBeNull();
    await expect(removeInvitation(meeting.id, owner, invitation.id)).rejects.toThrow("That person is not invited to this meeting.");
  });

  it("writes to a colleague in the zone of their own browser when the organiser named none", async () => {
    const meeting = await series();
    const colleague = await db.user.create({ data: { subject: `tz-${tag}`, name: "Tomoko", email: `tomoko-${tag}@example.org`, timeZone: "Asia/Tokyo" } });
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: colleague.email! }));
    await drain();
    // 09:00 Berlin on 15 March 2027 is 17:00 in Tokyo.
    expect(mailsTo(colleague.email!)[0]!.text).toContain("Monday, 15 March 2027, 17:00–18:00 (your time, Asia/Tokyo)");
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

  it("sends one reminder when two portal worker processes race over it", async () => {
    const meeting = await series({ reminderMinutes: 30, startsAt: new Date(Date.now() + 20 * 60_000) });
    const guest = `raced-${tag}@example.net`;
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: guest }));
    await drain();
    // Each a separate Node process with its own database pool and SMTP connection, as portal instances are.
    const worker = () =>
      new Promise<string>((resolve, reject) =>
        execFile("npx", ["tsx", "--tsconfig", "test/worker.tsconfig.json", "test/run-mail-worker.ts"], { env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}` } }, (error, stdout, stderr) =>
          error ? reject(new Error(stderr || error.message)) : resolve(stdout),
        ),
      );
    const results = (await Promise.all([worker(), worker()])).map((out) => JSON.parse(out.trim().split("\n").at(-1)!) as { reminders: number });
    expect(results.reduce((n, r) => n + r.reminders, 0)).toBeGreaterThanOrEqual(1);
    expect(mailsTo(guest).filter((m) => m.subject?.startsWith("Reminder:"))).toHaveLength(1);
    expect(await db.reminderSent.count({ where: { meetingId: meeting.id } })).toBe(1);
  });
});
