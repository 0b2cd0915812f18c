// One meeting of a series changed: moved or cancelled, in the schedule every reader uses, in the
// .ics a calendar program applies, and through the whole path to invitees' mail.
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { inviteByEmail } from "@/lib/calendar/invitations";
import { buildCalendar } from "@/lib/calendar/ics";
import { cancelOccurrence, changeOccurrence, updateMeeting } from "@/lib/calendar/occurrences";
import { type Series, allOccurrences, currentOrNext, occurrenceAt, schedule, seriesEnd, toRrule } from "@/lib/calendar/recurrence";
import { joinWindow } from "@/lib/calendar/series";
import { db } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import { queueDueReminders } from "@/lib/mail/reminders";
import { inviteesInput } from "@/lib/validation/calendar";
import { START_IN_PAST, meetingInput, occurrenceInput, toFormValues } from "@/lib/validation/meeting";
import { berlin, firstStart, useMailServer } from "@/test/mail-harness";

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
    expect(all.map((o) => [o.startsAt.toISOString(), o.durationMinutes, o.moved, o.cancelled])).toEqual([
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
    expect(currentOrNext(series, new Date("2027-03-22T09:30:00Z"))!.startsAt).toEqual(movedTo);
    // 14:00 + 90 minutes: still on at 15:20 Berlin.
    expect(currentOrNext(series, new Date("2027-03-23T14:20:00Z"))!.startsAt).toEqual(movedTo);
    expect(currentOrNext(series, new Date("2027-03-24T00:00:00Z"))!.startsAt).toEqual(fourth);
    expect(currentOrNext(series, new Date("2027-04-06T00:00:00Z"))).toBeNull();
    // Years ahead of a series, its first meeting is the next one.
    expect(currentOrNext(series, new Date("2019-01-01T00:00:00Z"))!.startsAt).toEqual(firstStart);
    expect(occurrenceAt(series, second!)).toMatchObject({ startsAt: movedTo, moved: true });
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

describe("changing one meeting, through to the mail", () => {
  const mail = useMailServer();
  const { received, tag, mailsTo, drain, calendarOf, series } = mail;

  it("moves one meeting of a series: an update for that one, the series with it for newcomers, clear refusals", async () => {
    const meeting = await series({ reminderMinutes: 30 });
    const guest = `mover-${tag}@example.net`;
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest, timeZone: "America/New_York" }));
    await drain();
    const uid = new ICAL.Event(calendarOf(mailsTo(guest)[0]!).getFirstSubcomponent("vevent")!).uid;
    const now = new Date("2027-03-01T00:00:00Z");
    const [second, third, fourth] = [new Date("2027-03-22T08:00:00Z"), new Date("2027-03-29T07:00:00Z"), new Date("2027-04-05T07:00:00Z")];
    const load = () => db.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    // Each change made from a form rendered just now.
    const edit = async () => ({ version: (await load()).version, by: null });

    // The second Monday moves to Tuesday 14:00 Berlin and lasts 90 minutes.
    expect(await changeOccurrence(await load(), { occurrence: second, start: "2027-03-23T14:00", durationMinutes: 90 }, await edit(), now)).toBe("The meeting of Mon 22 Mar 2027, 09:00 now starts Tue 23 Mar 2027, 14:00.");
    await drain();
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
    await inviteByEmail(await load(), mail.owner, inviteesInput.parse({ invitees: late }));
    await drain();
    const [master, override] = calendarOf(mailsTo(late)[0]!).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(master!.isRecurring()).toBe(true);
    expect(override!.recurrenceId!.toJSDate()).toEqual(second);

    // It is on at its new time, not at the old one, and is reminded of at its new time.
    expect(await joinWindow(await load(), new Date("2027-03-22T08:10:00Z"))).toMatchObject({ state: "early", occurrence: { startsAt: new Date("2027-03-23T13:00:00Z") } });
    expect(await joinWindow(await load(), new Date("2027-03-23T14:20:00Z"))).toMatchObject({ state: "open" });
    await queueDueReminders(new Date("2027-03-22T07:45:00Z"));
    await queueDueReminders(new Date("2027-03-23T12:45:00Z"));
    expect((await db.reminderSent.findMany({ where: { meetingId: meeting.id } })).map((r) => r.occurrenceStart)).toEqual([new Date("2027-03-23T13:00:00Z")]);

    // Refused, each with its reason, and nothing written or sent.
    await drain();
    const sentBefore = received.length;
    const refusal = async (occurrence: Date, start: string, durationMinutes = 60) => changeOccurrence(meeting, { occurrence, start, durationMinutes }, await edit(), now).then(() => "accepted", (e: AppError) => e.message);
    expect(await refusal(fourth, "2027-03-23T14:30")).toBe("That overlaps the meeting of this series on Tue 23 Mar 2027, 14:00; choose another time");
    expect(await refusal(fourth, "2027-02-01T09:00")).toBe(START_IN_PAST);
    expect(await refusal(fourth, "2028-04-10T09:00")).toBe("Move a meeting by a year at most");
    expect(await refusal(fourth, "2027-03-28T02:30")).toBe("02:30 does not exist on 28 March 2027 in Europe/Berlin: the clocks go forward then. Choose another time, e.g. 03:30.");
    expect(await refusal(new Date("2027-03-16T08:00:00Z"), "2027-03-16T10:00")).toBe("That meeting is not part of this series.");
    await cancelOccurrence(meeting, third, now);
    expect(await refusal(third, "2027-03-30T09:00")).toBe("That meeting was cancelled; it cannot be changed.");
    expect(await changeOccurrence(meeting, { occurrence: second, start: "2027-03-23T14:00", durationMinutes: 90 }, await edit(), now)).toBe("Nothing changed.");
    expect(await refusal(second, "2027-03-23T14:00", 90).then(async () => changeOccurrence(meeting, { occurrence: second, start: "2027-03-22T09:00", durationMinutes: 60 }, await edit(), new Date("2027-03-24T00:00:00Z"))).catch((e: AppError) => e.message)).toBe("That meeting is already over.");
    await drain();
    // Only the cancellation of the third, to both invitees.
    expect(received.slice(sentBefore).map((m) => m.subject)).toEqual(["Cancelled: Weekly sync on Monday, 29 March 2027", "Cancelled: Weekly sync on Monday, 29 March 2027"]);

    // Only longer or shorter: said so.
    expect(await changeOccurrence(meeting, { occurrence: second, start: "2027-03-23T14:00", durationMinutes: 80 }, await edit(), now)).toBe("The meeting of Tue 23 Mar 2027, 14:00 now lasts 80 minutes.");

    // A meeting moved past the last one extends the series; moving it back removes the change.
    await changeOccurrence(meeting, { occurrence: fourth, start: "2027-05-03T09:00", durationMinutes: 60 }, await edit(), now);
    expect((await load()).endsAt).toEqual(new Date("2027-05-03T08:00:00Z"));
    await changeOccurrence(meeting, { occurrence: fourth, start: "2027-04-05T09:00", durationMinutes: 60 }, await edit(), now);
    expect((await load()).endsAt).toEqual(new Date("2027-04-05T08:00:00Z"));
    expect(await db.meetingException.count({ where: { meetingId: meeting.id, occurrenceStart: fourth } })).toBe(0);

    // Editing the whole series: a new title keeps both changes; a new rule drops the move, keeps the cancellation.
    const { start: _s, ...same } = meetingInput.parse({ ...toFormValues(await load()), title: "Weekly sync renamed", durationMinutes: "60", repeat: "weekly", weekdays: "MO", count: "4" });
    await updateMeeting(meeting, same, await edit());
    expect(await db.meetingException.count({ where: { meetingId: meeting.id } })).toBe(2);
    const { start: _t, ...longer } = meetingInput.parse({ ...toFormValues(await load()), durationMinutes: "60", repeat: "weekly", weekdays: "MO", count: "6" });
    await updateMeeting(meeting, longer, await edit());
    expect(await db.meetingException.findMany({ where: { meetingId: meeting.id }, select: { occurrenceStart: true, startsAt: true } })).toEqual([{ occurrenceStart: third, startsAt: null }]);
    await drain();
  });
});
