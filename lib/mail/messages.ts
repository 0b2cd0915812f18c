// What each mail says, in plain text and HTML. Pure: the caller supplies meeting, invitee and links.
import { DateTime } from "luxon";
import { type IcsEvent, type IcsMethod, buildCalendar } from "@/lib/calendar/ics";
import type { MailKind, OutgoingMail } from "@/lib/mail/outbox";

export type MailMeeting = Omit<IcsEvent, "attendee" | "recurrenceId" | "cancelled" | "url"> & { id: string; seriesText: string | null };
export type MailInvitee = { id: string | null; email: string; name: string; timeZone: string | null; joinUrl: string };

/** One mail to one person; `occurrence` narrows a cancellation or reminder to one meeting of a series. */
export function composeMail(kind: MailKind, org: string, m: MailMeeting, to: MailInvitee, occurrence?: Date): OutgoingMail {
  const when = formatWhen(occurrence ?? m.startsAt, m.durationMinutes, to.timeZone ?? m.timeZone, !to.timeZone);
  const subject = {
    invite: `Invitation: ${m.title}`,
    update: `Updated: ${m.title}`,
    cancel: occurrence ? `Cancelled: ${m.title} on ${when.date}` : `Cancelled: ${m.title}`,
    reminder: `Reminder: ${m.title} at ${when.time}`,
  }[kind];
  const lead = {
    invite: `${m.organizer.name} invites you to a meeting.`,
    update: `${m.organizer.name} changed this meeting.`,
    cancel: occurrence ? `This meeting on ${when.date} is cancelled; the rest of the series stays.` : "This meeting is cancelled.",
    reminder: "Your meeting starts soon.",
  }[kind];
  const series = m.rrule && !(kind === "cancel" && occurrence) && kind !== "reminder" ? m.seriesText : null;
  const join = kind === "cancel" ? null : to.joinUrl;
  const lines = [lead, "", m.title, when.full, ...(series ? [`Repeats ${series}`] : []), ...(m.description ? ["", m.description] : []), ...(join ? ["", `Join: ${join}`, "This link is personal; please do not forward it."] : []), "", `— ${org}`];
  const html = [
    `<p>${esc(lead)}</p>`,
    `<h2>${esc(m.title)}</h2>`,
    `<p>${esc(when.full)}${series ? `<br>Repeats ${esc(series)}` : ""}</p>`,
    m.description ? `<p style="white-space:pre-wrap">${esc(m.description)}</p>` : "",
    join ? `<p><a href="${esc(join)}">Join the meeting</a><br><small>This link is personal; please do not forward it.</small></p>` : "",
    `<p>— ${esc(org)}</p>`,
  ].join("\n");
  const method: IcsMethod = kind === "cancel" ? "CANCEL" : "REQUEST";
  const ics = kind === "reminder" ? null : buildCalendar(method, [{ ...m, url: to.joinUrl, attendee: { email: to.email, name: to.name }, recurrenceId: kind === "cancel" ? occurrence : undefined, cancelled: kind === "cancel" }]);
  return { invitationId: to.id, meetingId: m.id, kind, to: to.name ? `"${to.name.replace(/["\\]/g, "")}" <${to.email}>` : to.email, subject, text: lines.join("\n"), html, ics };
}

/** "Tuesday, 9 March 2027", "09:00", and the full line; the zone is named when it is the organiser's. */
export function formatWhen(start: Date, durationMinutes: number, zone: string, nameZone: boolean) {
  const s = DateTime.fromJSDate(start, { zone }).setLocale("en-GB");
  const e = s.plus({ minutes: durationMinutes });
  const date = s.toFormat("cccc, d LLLL yyyy");
  const time = s.toFormat("HH:mm");
  const full = `${date}, ${time}–${e.toFormat("HH:mm")} ${nameZone ? `(${zone} time)` : `(your time, ${zone})`}`;
  return { date, time, full };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
