// Series across daylight saving, the .ics a calendar program reads, and the whole mail path into a
// real SMTP server on loopback: invitations, updates, cancellations, an outage, racing reminders.
import { execFile } from "node:child_process";
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import { inviteByEmail, notifyInvitees, removeInvitation } from "@/lib/calendar/invitations";
import { renewInvitationLinks } from "@/lib/calendar/link-renewal";
import { cancelOccurrence } from "@/lib/calendar/occurrences";
import { allOccurrences, toRrule } from "@/lib/calendar/recurrence";
import { db } from "@/lib/db";
import { backoffMs, deliverDue } from "@/lib/mail/outbox";
import { queueDueReminders } from "@/lib/mail/reminders";
import { inviteesInput } from "@/lib/validation/calendar";
import { meetingInput } from "@/lib/validation/meeting";
import { berlin, firstStart, useMailServer } from "@/test/mail-harness";

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
  const mail = useMailServer();
  const { tag, mailsTo, drain, calendarOf, series, sender } = mail;

  it("invites, updates and cancels with .ics a calendar program understands", async () => {
    const meeting = await series();
    const guest = `guest-${tag}@example.net`;
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: `Gus Guest <${guest}>`, timeZone: "America/New_York" }));
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

  it("renews a guest's personal link before it runs out while the series goes on, once among racing workers", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    const meeting = await db.meeting.update({ where: { id: (await series({ startsAt })).id }, data: { rrule: toRrule({ freq: "daily", interval: 1, end: { count: 90 } }, startsAt, berlin), endsAt: new Date(startsAt.getTime() + 90 * 86_400_000) } });
    const guest = `renewed-${tag}@example.net`;
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest }));
    const first = await db.invitation.findFirstOrThrow({ where: { email: guest } });
    const firstLink = await db.inviteLink.findUniqueOrThrow({ where: { id: first.linkId! } });
    // One new browser per meeting of the series; the site caps the life of the link (30 days here),
    // counted from the series' first meeting (issue 16: links expired before their series began).
    expect(firstLink.maxUses).toBe(90);
    // (The rule keeps whole seconds of the start.)
    expect(Math.abs(firstLink.expiresAt.getTime() - (startsAt.getTime() + 30 * 86_400_000))).toBeLessThan(1000);
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

  it("refuses invitations to a meeting that is over, and past 500 for one meeting; nothing is queued", async () => {
    const over = await db.meeting.create({ data: { ownerId: mail.owner.id, title: "Yesterday", startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() - 82_800_000), durationMinutes: 60, timeZone: berlin } });
    await expect(inviteByEmail(over, mail.owner, inviteesInput.parse({ invitees: `late-${tag}@example.net` }))).rejects.toThrow("This meeting is over");

    const big = await series();
    await db.invitation.createMany({ data: Array.from({ length: 499 }, (_, i) => ({ meetingId: big.id, email: `crowd${i}-${tag}@example.net` })) });
    const queued = await db.outboxMessage.count();
    await expect(inviteByEmail(big, mail.owner, inviteesInput.parse({ invitees: `a-${tag}@example.net, b-${tag}@example.net` }))).rejects.toThrow(
      "A meeting can have at most 500 invitations; this one has 499, so 1 more at most",
    );
    expect(await db.outboxMessage.count()).toBe(queued);
    // Already invited addresses do not count twice; one more fits.
    expect(await inviteByEmail(big, mail.owner, inviteesInput.parse({ invitees: `crowd0-${tag}@example.net, a-${tag}@example.net` }))).toEqual({ invited: 1, skipped: 1 });
    await drain();
  });

  it("un-inviting before the invitation went out drops it: no mail at all, the link revoked", async () => {
    const meeting = await series();
    const guest = `second-thoughts-${tag}@example.net`;
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest }));
    const invitation = await db.invitation.findFirstOrThrow({ where: { email: guest } });
    await removeInvitation(meeting.id, mail.owner, invitation.id);
    await drain();
    expect(mailsTo(guest)).toHaveLength(0);
    expect(await db.outboxMessage.count({ where: { to: guest } })).toBe(0);
    expect((await db.inviteLink.findUniqueOrThrow({ where: { id: invitation.linkId! } })).revokedAt).not.toBeNull();
    await expect(removeInvitation(meeting.id, mail.owner, invitation.id)).rejects.toThrow("That person is not invited to this meeting.");
  });

  it("writes to a colleague in the zone of their own browser when the organiser named none", async () => {
    const meeting = await series();
    const colleague = await db.user.create({ data: { subject: `tz-${tag}`, name: "Tomoko", email: `tomoko-${tag}@example.org`, timeZone: "Asia/Tokyo" } });
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: colleague.email! }));
    await drain();
    // 09:00 Berlin on 15 March 2027 is 17:00 in Tokyo.
    expect(mailsTo(colleague.email!)[0]!.text).toContain("Monday, 15 March 2027, 17:00–18:00 (your time, Asia/Tokyo)");
  });

  it("keeps mail queued while the server is down and delivers it when it is back", async () => {
    const meeting = await series();
    const guest = `outage-${tag}@example.net`;
    await mail.stop();
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest }));
    const now = new Date();
    expect(await deliverDue(sender(), now)).toEqual({ sent: 0, failed: 1 });
    const queued = await db.outboxMessage.findFirstOrThrow({ where: { to: guest } });
    expect(queued).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(queued.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(queued.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
    // Not due yet: nothing is tried before the backoff is over.
    expect(await deliverDue(sender(), now)).toEqual({ sent: 0, failed: 0 });

    await mail.listen();
    expect(await deliverDue(sender(), new Date(now.getTime() + backoffMs(1)))).toEqual({ sent: 1, failed: 0 });
    expect(mailsTo(guest)).toHaveLength(1);
    expect(await db.outboxMessage.findFirstOrThrow({ where: { to: guest } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("sends one reminder when two workers race over it, and none for a cancelled meeting", async () => {
    const startsAt = new Date(Date.now() + 20 * 60_000);
    const meeting = await series({ reminderMinutes: 30, startsAt });
    const cancelled = await series({ reminderMinutes: 30, startsAt });
    const guest = `reminded-${tag}@example.net`;
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest }));
    await inviteByEmail(cancelled, mail.owner, inviteesInput.parse({ invitees: `cancelled-${guest}` }));
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
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest }));
    await drain();
    // Each a separate Node process with its own database pool and SMTP connection, as portal instances are.
    const worker = () =>
      new Promise<string>((resolve, reject) =>
        execFile("npx", ["tsx", "--tsconfig", "test/worker.tsconfig.json", "test/run-mail-worker.ts"], { env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${mail.port}` } }, (error, stdout, stderr) =>
          error ? reject(new Error(stderr || error.message)) : resolve(stdout),
        ),
      );
    const results = (await Promise.all([worker(), worker()])).map((out) => JSON.parse(out.trim().split("\n").at(-1)!) as { reminders: number });
    expect(results.reduce((n, r) => n + r.reminders, 0)).toBeGreaterThanOrEqual(1);
    expect(mailsTo(guest).filter((m) => m.subject?.startsWith("Reminder:"))).toHaveLength(1);
    expect(await db.reminderSent.count({ where: { meetingId: meeting.id } })).toBe(1);
  });
});
