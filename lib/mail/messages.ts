// What each mail says, in plain text and HTML. Pure: the caller supplies meeting, invitee and links.
import { DateTime } from "luxon";
import { type IcsEvent, type IcsMethod, type MovedOccurrence, buildCalendar, instanceEvent } from "@/lib/calendar/ics";
import { escapeHtml as esc } from "@/lib/http/escape-html";
import type { MailKind, OutgoingMail } from "@/lib/mail/outbox";

export type MailMeeting = Omit<IcsEvent, "attendee" | "recurrenceId" | "cancelled" | "url"> & { id: string; seriesText: string | null; recordingAllowed: boolean; attendance: boolean };
/** `colleague`: joins by signing in on the meeting's page (joinUrl), not through a personal guest link. */
export type MailInvitee = { id: string | null; email: string; name: string; timeZone: string | null; joinUrl: string; colleague: boolean };

/**
 * One mail to one person. With `occurrence`, a change, cancellation or reminder concerns just that
 * meeting of a series; its .ics then carries only that occurrence (RECURRENCE-ID).
 */
export function composeMail(kind: MailKind, org: string, m: MailMeeting, to: MailInvitee, occurrence?: MovedOccurrence): OutgoingMail {
  const zone = to.timeZone ?? m.timeZone;
  const when = formatWhen(occurrence?.startsAt ?? m.startsAt, occurrence?.durationMinutes ?? m.durationMinutes, zone, !to.timeZone);
  const was = occurrence && formatWhen(occurrence.originalStart, m.durationMinutes, zone, !to.timeZone);
  const subject = {
    invite: `Invitation: ${m.title}`,
    update: was ? `Updated: ${m.title} on ${was.date}` : `Updated: ${m.title}`,
    cancel: occurrence ? `Cancelled: ${m.title} on ${when.date}` : `Cancelled: ${m.title}`,
    reminder: `Reminder: ${m.title} at ${when.time}`,
    renew: `New link: ${m.title}`,
    uninvite: `Cancelled: ${m.title}`,
  }[kind];
  const lead = {
    invite: `${m.organizer.name} invites you to a meeting.`,
    update: was ? `${m.organizer.name} changed the meeting of ${was.date}, ${was.time}; the rest of the series stays.` : `${m.organizer.name} changed this meeting.`,
    cancel: occurrence ? `This meeting on ${when.date} is cancelled; the rest of the series stays.` : "This meeting is cancelled.",
    reminder: "Your meeting starts soon.",
    renew: "Your personal link to this series was renewed: please use the one below from now on.",
    uninvite: `${m.organizer.name} removed you from this meeting; it has been taken off your calendar.`,
  }[kind];
  const series = m.rrule && !occurrence ? m.seriesText : null;
  const cancels = kind === "cancel" || kind === "uninvite";
  const join = cancels ? null : to.joinUrl;
  // Told before anyone accepts: what the meeting may record of them.
  const notices = cancels
    ? []
    : [
        ...(m.recordingAllowed ? ["This meeting may be recorded; everyone in it is asked for consent when a recording starts."] : []),
        ...(m.attendance ? ["Attendance is kept: who joined (guests only by their invitation), when, and for how long."] : []),
      ];
  const howToJoin = to.colleague ? { text: "Sign in to join", note: `Sign in to ${org} with ${to.email}; the meeting is then in your list.` } : { text: "Join", note: "This link is personal; please do not forward it." };
  const lines = [lead, "", m.title, when.full, ...(series ? [`Repeats ${series}`] : []), ...(m.description ? ["", m.description] : []), ...(join ? ["", `${howToJoin.text}: ${join}`, howToJoin.note] : []), ...(notices.length ? ["", ...notices] : []), "", `— ${org}`];
  const html = [
    `<p>${esc(lead)}</p>`,
    `<h2>${esc(m.title)}</h2>`,
    `<p>${esc(when.full)}${series ? `<br>Repeats ${esc(series)}` : ""}</p>`,
    m.description ? `<p style="white-space:pre-wrap">${esc(m.description)}</p>` : "",
    join ? `<p><a href="${esc(join)}">${to.colleague ? "Sign in to join the meeting" : "Join the meeting"}</a><br><small>${esc(howToJoin.note)}</small></p>` : "",
    notices.length ? `<p><small>${notices.map(esc).join("<br>")}</small></p>` : "",
    `<p>— ${esc(org)}</p>`,
  ].join("\n");
  const method: IcsMethod = cancels ? "CANCEL" : "REQUEST";
  const event: IcsEvent = { ...m, url: to.joinUrl, attendee: { email: to.email, name: to.name }, cancelled: cancels };
  // A whole-series cancellation needs no moved occurrences: the UID goes, and all of them with it.
  const ics = kind === "reminder" ? null : buildCalendar(method, [occurrence ? instanceEvent(event, occurrence, cancels) : cancels ? { ...event, moved: [] } : event]);
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

