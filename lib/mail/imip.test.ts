// One event per mail (RFC 6047): every invitation, update and cancellation carries exactly one
// text/calendar part, whose method matches the mail's, and no .ics attachment besides (issue 16: an
// invitation carried the event three times, a cancellation a cancel and an invite).
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import { inviteByEmail, notifyInvitees } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { inviteesInput } from "@/lib/validation/calendar";
import { berlin, calendarParts, firstStart, useMailServer } from "@/test/mail-harness";

describe("calendar parts of a mail", () => {
  const mail = useMailServer();

  it("invite, update and cancel each carry one text/calendar part with one VEVENT and the mail's method", async () => {
    const meeting = await db.meeting.create({
      data: { ownerId: mail.owner.id, title: "Budget review", startsAt: firstStart, endsAt: new Date(firstStart.getTime() + 3_600_000), durationMinutes: 60, timeZone: berlin },
    });
    const guest = `imip-${mail.tag}@example.net`;
    await inviteByEmail(meeting, mail.owner, inviteesInput.parse({ invitees: guest, timeZone: berlin }));
    await notifyInvitees(meeting.id, "update");
    await notifyInvitees(meeting.id, "cancel");
    await mail.drain();

    const mails = mail.mailsTo(guest);
    expect(mails.map((m) => m.subject)).toEqual(["Invitation: Budget review", "Updated: Budget review", "Cancelled: Budget review"]);
    for (const [m, method] of [[mails[0]!, "REQUEST"], [mails[1]!, "REQUEST"], [mails[2]!, "CANCEL"]] as const) {
      const parts = calendarParts(m);
      expect(parts, m.subject).toHaveLength(1);
      expect(parts[0]!.contentType).toBe("text/calendar");
      expect(contentTypeParams(m)).toMatchObject({ method });
      const cal = new ICAL.Component(ICAL.parse(parts[0]!.content.toString("utf8")));
      expect(cal.getFirstPropertyValue("method")).toBe(method);
      expect(cal.getAllSubcomponents("vevent")).toHaveLength(1);
    }
  });
});

/** The Content-Type parameters of the mail's calendar part, as the raw header states them. */
function contentTypeParams(m: ParsedMail): Record<string, string> {
  const header = calendarParts(m)[0]!.headers.get("content-type") as { params?: Record<string, string> } | undefined;
  return header?.params ?? {};
}
