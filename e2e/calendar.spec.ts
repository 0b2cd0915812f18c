// Series, email invitations with .ics, updates and cancellations through a real SMTP server, the
// private calendar feed, and refused input. The portal's mail worker (every second here) delivers to
// an smtp-server on loopback that this spec runs; mails are parsed with mailparser, .ics with ical.js.
import { type Page, expect, test } from "@playwright/test";
import ICAL from "ical.js";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { sql } from "./db";
import { e2eEnv, smtpPort, storageStateFor } from "./env";
import { futureLocal, guestPage, openForm, scheduleMeeting, submitMeetingForm } from "./fixtures";

type Mail = { to: string; raw: string; parsed: ParsedMail; ics: ICAL.Component[] };
const inbox: Mail[] = [];
let server: SMTPServer;

test.beforeAll(async () => {
  server = new SMTPServer({
    // Plain loopback SMTP: no TLS upgrade, no login (the e2e SMTP_URL has neither).
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        const icsTexts = parsed.attachments.filter((a) => /calendar|ics/i.test(a.contentType) || /\.ics$/.test(a.filename ?? "")).map((a) => a.content.toString("utf8"));
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw, parsed, ics: icsTexts.map((t) => new ICAL.Component(ICAL.parse(t))) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(smtpPort, "127.0.0.1", () => resolve());
  });
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Waits for the one mail to `to` whose subject matches, and returns it. */
async function mailTo(to: string, subject: RegExp): Promise<Mail> {
  await expect.poll(() => inbox.filter((m) => m.to === to && subject.test(m.parsed.subject ?? "")).length, { timeout: 20_000, message: `mail to ${to} matching ${subject}` }).toBe(1);
  return inbox.find((m) => m.to === to && subject.test(m.parsed.subject ?? ""))!;
}

const vevents = (m: Mail) => m.ics[0]!.getAllSubcomponents("vevent");
const method = (m: Mail) => m.ics[0]!.getFirstPropertyValue("method");
const outboxCount = async () => Number((await sql<{ n: string }>('select count(*) as n from "OutboxMessage"'))[0]!.n);

/** Schedules a weekly series of 5 through the form, on the weekday of its first day. */
async function scheduleSeries(page: Page, title: string) {
  const start = futureLocal(2);
  const weekday = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][new Date(`${start.slice(0, 10)}T12:00:00Z`).getUTCDay()]!;
  // Settled first: the page reports the browser's zone through a server action as it loads, and a
  // submit racing that call was lost now and then (a first page in a new zone).
  await page.goto("/meetings/new", { waitUntil: "networkidle" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Starts").fill(start);
  await page.getByLabel("Duration (minutes)").fill("30");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByLabel("Repeat", { exact: true }).selectOption("weekly");
  await page.getByRole("checkbox", { name: weekday, exact: true }).check();
  await page.getByLabel("Ends").selectOption("count");
  await page.getByLabel("Number of meetings").fill("5");
  await page.getByRole("button", { name: "Schedule" }).click();
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

async function invite(page: Page, invitees: string, timeZone?: string) {
  await openForm(page, "Invite by email");
  await page.getByLabel(/^Email addresses/).fill(invitees);
  if (timeZone) await page.getByLabel("Their time zone, if you know it").selectOption(timeZone);
  await page.getByRole("button", { name: "Send invitations" }).click();
}

test.describe("calendar and email", () => {
  // The page lists a series' meetings in the viewer's zone: Erin's browser is in the series' zone.
  test.use({ storageState: storageStateFor("erin"), locale: "en-GB", timezoneId: "Europe/Berlin" });

  test("a weekly series invites a colleague and a guest by email; updates and cancellations follow", async ({ page, browser }) => {
    const title = `Weekly sync ${Date.now()}`;
    const meetingId = await scheduleSeries(page, title);
    await expect(page.getByRole("list", { name: "Occurrences" }).getByRole("listitem")).toHaveCount(5);

    await invite(page, "emil@example.test\nGuest Person <guest@outside.test>", "America/New_York");
    await expect(page.getByRole("status").filter({ hasText: "2 invitations queued" })).toBeVisible();

    // The organisation's name signs every mail (ORGANISATION_NAME until an admin saves the policy).
    const org = e2eEnv.ORGANISATION_NAME;
    const [emil, guest] = [await mailTo("emil@example.test", /^Invitation: /), await mailTo("guest@outside.test", /^Invitation: /)];
    let uid = "";
    for (const mail of [emil, guest]) {
      expect(mail.parsed.subject).toBe(`Invitation: ${title}`);
      expect(mail.parsed.text).toContain(title);
      expect(mail.parsed.html).toContain(title);
      expect(mail.parsed.text).toContain("(your time, America/New_York)");
      expect(mail.parsed.text).toContain(`— ${org}`);
      expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      // One event per mail (RFC 6047): the inline text/calendar part and no .ics copy besides.
      expect(mail.ics).toHaveLength(1);
      expect(method(mail)).toBe("REQUEST");
      const [event] = vevents(mail);
      expect(event!.getFirstPropertyValue("uid")).toBe(`${meetingId}@127.0.0.1`);
      uid = String(event!.getFirstPropertyValue("uid"));
      expect(String(event!.getFirstPropertyValue("rrule"))).toMatch(/FREQ=WEEKLY;.*COUNT=5/);
      expect(event!.getFirstPropertyValue("summary")).toBe(title);
      expect(event!.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Berlin");
      const zone = mail.ics[0]!.getFirstSubcomponent("vtimezone");
      expect(zone?.getFirstPropertyValue("tzid")).toBe("Europe/Berlin");
    }
    expect(Number(vevents(emil)[0]!.getFirstPropertyValue("sequence"))).toBe(0);

    // The colleague's mail links the meeting page; the guest's a personal /join/ link that works.
    expect(emil.parsed.text).toContain(`/meetings/${meetingId}`);
    expect(emil.parsed.text).not.toContain("/join/");
    const joinUrl = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(guest.parsed.text ?? "")?.[0];
    expect(joinUrl).toBeTruthy();
    expect(guest.parsed.html).toContain(joinUrl);
    const visitor = await guestPage(browser);
    await visitor.page.goto(joinUrl!);
    await expect(visitor.page.getByTestId("meeting-title")).toHaveText(title);
    await expect(visitor.page.getByLabel("Your name")).toBeVisible();
    await visitor.context.close();

    // The meeting page shows both invitations as sent.
    const invitations = page.getByRole("list", { name: "Invitations" });
    await expect(async () => {
      await page.reload();
      await expect(invitations.getByRole("listitem").filter({ hasText: "emil@example.test" })).toContainText("sent", { timeout: 1000 });
      await expect(invitations.getByRole("listitem").filter({ hasText: "guest@outside.test" })).toContainText("sent", { timeout: 1000 });
    }).toPass({ timeout: 20_000 });

    // Editing the title sends an update: same UID, higher SEQUENCE.
    const renamed = `${title} (renamed)`;
    await page.goto(`/meetings/${meetingId}/edit`);
    await page.getByLabel("Title").fill(renamed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(new RegExp(`/meetings/${meetingId}$`));
    await expect(page.getByTestId("meeting-title")).toHaveText(renamed);
    for (const to of ["emil@example.test", "guest@outside.test"]) {
      const update = await mailTo(to, /^Updated: /);
      expect(update.parsed.subject).toBe(`Updated: ${renamed}`);
      expect(method(update)).toBe("REQUEST");
      const [event] = vevents(update);
      expect(event!.getFirstPropertyValue("uid")).toBe(uid);
      expect(Number(event!.getFirstPropertyValue("sequence"))).toBeGreaterThan(0);
      expect(event!.getFirstPropertyValue("summary")).toBe(renamed);
      expect(event!.getFirstPropertyValue("rrule")).toBeTruthy();
    }

    // Cancelling the second occurrence: a CANCEL with its RECURRENCE-ID; the others stay listed.
    const occurrences = page.getByRole("list", { name: "Occurrences" }).getByRole("listitem");
    await expect(occurrences).toHaveCount(5);
    const second = occurrences.nth(1);
    const secondLabel = (await second.locator("span").first().innerText()).trim();
    page.once("dialog", (d) => d.accept());
    await second.getByRole("button", { name: "Cancel this one" }).click();
    await expect(second).toContainText("cancelled");
    await expect(occurrences).toHaveCount(5);
    await expect(occurrences.getByRole("button", { name: "Cancel this one" })).toHaveCount(4);
    const one = await mailTo("guest@outside.test", /^Cancelled: .* on /);
    expect(method(one)).toBe("CANCEL");
    const [cancelled] = vevents(one);
    expect(cancelled!.getFirstPropertyValue("uid")).toBe(uid);
    const recurrenceId = cancelled!.getFirstProperty("recurrence-id");
    expect(recurrenceId).toBeTruthy();
    expect(recurrenceId!.getParameter("tzid")).toBe("Europe/Berlin");
    // The RECURRENCE-ID is the second occurrence's start, as the page listed it (Berlin wall clock).
    const rid = recurrenceId!.getFirstValue() as ICAL.Time;
    expect(secondLabel).toContain(`${rid.day} `);
    expect(secondLabel).toContain(`${String(rid.hour).padStart(2, "0")}:${String(rid.minute).padStart(2, "0")}`);
    expect(cancelled!.getFirstPropertyValue("rrule")).toBeFalsy();
    await mailTo("emil@example.test", /^Cancelled: .* on /);
    expect(Number(cancelled!.getFirstPropertyValue("sequence"))).toBeGreaterThan(Number(vevents(await mailTo("guest@outside.test", /^Updated: /))[0]!.getFirstPropertyValue("sequence")));

    // Cancelling the whole series: METHOD:CANCEL without RECURRENCE-ID.
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Cancel meeting" }).click();
    await expect(page.getByText("This meeting was cancelled.")).toBeVisible();
    for (const to of ["emil@example.test", "guest@outside.test"]) {
      const all = await mailTo(to, new RegExp(`^Cancelled: ${renamed.replace(/[()]/g, "\\$&")}$`));
      expect(method(all)).toBe("CANCEL");
      const [event] = vevents(all);
      expect(event!.getFirstPropertyValue("uid")).toBe(uid);
      expect(event!.getFirstProperty("recurrence-id")).toBeNull();
      // The series as it stands: its rule, and the occurrence cancelled before as an EXDATE.
      expect(event!.getFirstPropertyValue("rrule")).toBeTruthy();
      expect(event!.getFirstProperty("exdate")?.getParameter("tzid")).toBe("Europe/Berlin");
      expect(event!.getFirstPropertyValue("status")).toBe("CANCELLED");
      expect(Number(event!.getFirstPropertyValue("sequence"))).toBeGreaterThan(Number(cancelled!.getFirstPropertyValue("sequence")));
    }
  });

  test("one meeting of a series is moved from the page; invitees get an update for just that one", async ({ page, browser }) => {
    const title = `Moving sync ${Date.now()}`;
    const meetingId = await scheduleSeries(page, title);
    const guest = `mover-${Date.now()}@outside.test`;
    await invite(page, guest);
    const invitation = await mailTo(guest, /^Invitation: /);
    const uid = String(vevents(invitation)[0]!.getFirstPropertyValue("uid"));

    // The third meeting moves a day later, to 15:00 Berlin, for 45 minutes.
    const rows = page.getByRole("list", { name: "Occurrences" }).getByRole("listitem");
    const third = rows.nth(2);
    const originalLabel = (await third.locator("span").first().innerText()).trim();
    await third.getByText("Change this one").click();
    const start = third.getByLabel(/^Starts/);
    const original = await start.inputValue();
    const nextDay = new Date(`${original.slice(0, 10)}T12:00:00Z`);
    nextDay.setUTCDate(nextDay.getUTCDate() + 1);
    const moved = `${nextDay.toISOString().slice(0, 10)}T15:00`;
    await start.fill(moved);
    await third.getByLabel("Minutes").fill("45");
    await third.getByRole("button", { name: "Save this one" }).click();
    await expect(page.getByRole("status").filter({ hasText: "now starts" })).toBeVisible();
    const movedRow = rows.filter({ hasText: "moved from" });
    await expect(movedRow).toHaveCount(1);
    await expect(movedRow).toContainText("15:00");
    await expect(movedRow).toContainText(`moved from ${originalLabel}`);
    await expect(rows).toHaveCount(5);

    const update = await mailTo(guest, /^Updated: .* on /);
    expect(update.parsed.text).toContain("the rest of the series stays");
    expect(method(update)).toBe("REQUEST");
    const events = vevents(update);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.getFirstPropertyValue("uid")).toBe(uid);
    expect(Number(event!.getFirstPropertyValue("sequence"))).toBe(1);
    expect(event!.getFirstPropertyValue("rrule")).toBeNull();
    const wall = (t: ICAL.Time) => `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}T${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
    const rid = event!.getFirstProperty("recurrence-id")!;
    expect(rid.getParameter("tzid")).toBe("Europe/Berlin");
    expect(wall(rid.getFirstValue() as ICAL.Time)).toBe(original);
    expect(event!.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/Berlin");
    expect(wall(event!.getFirstPropertyValue("dtstart") as ICAL.Time)).toBe(moved);
    expect(wall(event!.getFirstPropertyValue("dtend") as ICAL.Time)).toBe(`${moved.slice(0, 11)}15:45`);

    // Onto the moved one: refused beside the field, the typed value kept, nothing queued.
    const before = await outboxCount();
    const fourth = rows.filter({ hasNotText: "moved from" }).nth(2);
    await fourth.getByText("Change this one").click();
    await fourth.getByLabel(/^Starts/).fill(`${moved.slice(0, 11)}15:30`);
    await fourth.getByRole("button", { name: "Save this one" }).click();
    await expect(fourth.getByText(/That overlaps the meeting of this series on .* 15:00; choose another time/)).toBeVisible();
    await expect(fourth.getByLabel(/^Starts/)).toHaveValue(`${moved.slice(0, 11)}15:30`);
    expect(await outboxCount()).toBe(before);

    // The guest's page names the meeting on next and how the series repeats.
    const joinUrl = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(invitation.parsed.text ?? "")![0];
    const visitor = await guestPage(browser);
    await visitor.page.goto(joinUrl);
    await expect(visitor.page.getByTestId("meeting-when")).toContainText("Next:");
    await expect(visitor.page.getByText(/^Repeats every week/)).toBeVisible();
    await visitor.context.close();

    // Two days before the first meeting the series' room is closed: the organiser waits on a
    // countdown, and the token route refuses even her.
    await page.goto(`/meetings/${meetingId}/room`);
    await expect(page.getByTestId("waiting")).toContainText("The meeting opens in");
    await expect(page.getByTestId("countdown")).toHaveText(/^[12] days? \d{1,2} h$/);
    const refused = await page.request.post(`/api/meetings/${meetingId}/token`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error).toEqual({ code: "not_open", message: "No meeting of this series is on now. Come back shortly before the next one." });

    // Editing the whole series says what becomes of the moved meeting.
    await page.goto(`/meetings/${meetingId}/edit`);
    await expect(page.getByRole("note")).toContainText("One meeting of this series was moved.");
  });

  test("people named while scheduling are invited at once; a colleague's mail is in the zone of their own browser", async ({ page, browser }) => {
    // Emil uses the portal from a browser in Tokyo; the portal learns his zone.
    const emil = await browser.newContext({ storageState: storageStateFor("emil"), timezoneId: "Asia/Tokyo" });
    await (await emil.newPage()).goto("/meetings");
    await expect.poll(async () => (await sql<{ timeZone: string | null }>(`select "timeZone" from "User" where email = 'emil@example.test'`))[0]?.timeZone).toBe("Asia/Tokyo");
    await emil.close();

    const title = `Scheduled with invitees ${Date.now()}`;
    const outsider = `outsider-${Date.now()}@outside.test`;
    await submitMeetingForm(page, { title, start: "2031-03-04T09:00", duration: 30, timeZone: "Europe/Berlin", invitees: `emil@example.test\nOuter Person <${outsider}>` });
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const invitations = page.getByRole("list", { name: "Invitations" });
    await expect(invitations.getByRole("listitem")).toHaveCount(2);
    // 09:00 in Berlin on 4 March 2031 is 17:00 in Tokyo; the outsider's zone is unknown, so Berlin's is named.
    expect((await mailTo("emil@example.test", new RegExp(`^Invitation: ${title}$`))).parsed.text).toContain("Tuesday, 4 March 2031, 17:00–17:30 (your time, Asia/Tokyo)");
    const outside = await mailTo(outsider, new RegExp(`^Invitation: ${title}$`));
    expect(outside.parsed.text).toContain("Tuesday, 4 March 2031, 09:00–09:30 (Europe/Berlin time)");
    const joinUrl = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(outside.parsed.text ?? "")![0];
    expect((await fetch(joinUrl)).status).toBe(200);

    // Both taken off again: their calendars get a CANCEL, the guest's link stops working at once,
    // and Emil loses the participant place the invitation gave him.
    const meetingId = page.url().split("/").pop();
    const sent = async () => (await sql<{ n: number }>(`select count(*)::int as n from "OutboxMessage" o join "Invitation" i on i.id = o."invitationId" where i."meetingId" = $1 and o.status = 'SENT'`, [meetingId]))[0]!.n;
    await expect.poll(sent).toBe(2);
    for (const who of [outsider, "emil@example.test"]) {
      page.once("dialog", (d) => d.accept());
      await invitations.getByRole("listitem").filter({ hasText: who }).getByRole("button", { name: "Remove" }).click();
      await expect(invitations.getByRole("listitem").filter({ hasText: who })).toHaveCount(0);
      const cancel = await mailTo(who, new RegExp(`^Cancelled: ${title}$`));
      expect(cancel.parsed.text).toContain("removed you from this meeting");
      expect(method(cancel)).toBe("CANCEL");
      expect(vevents(cancel)[0]!.getFirstPropertyValue("uid")).toBe(vevents(outside)[0]!.getFirstPropertyValue("uid"));
    }
    expect((await fetch(joinUrl)).status).toBe(404);
    expect(await sql(`select 1 from "MeetingMember" m join "User" u on u.id = m."userId" where m."meetingId" = $1 and u.email = 'emil@example.test'`, [meetingId])).toHaveLength(0);
  });

  test("the calendar feed lists Erin's meetings without a session; revoking ends the URL", async ({ page }) => {
    const meetingId = await scheduleMeeting(page, { title: `Feed check ${Date.now()}`, start: futureLocal(3), timeZone: "Europe/Berlin" });
    await page.goto("/calendar");
    await page.getByRole("button", { name: /Create feed address|New address/ }).click();
    const address = page.getByLabel(/^Feed address/);
    await expect(address).toHaveValue(/\/api\/calendar\/[A-Za-z0-9_-]{43}$/);
    const url = await address.inputValue();
    await expect(page.getByText("A feed address is active.")).toBeVisible();

    // A plain request, as a calendar program makes it: no cookies.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
    expect(calendar.getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("uid"))).toContain(`${meetingId}@127.0.0.1`);
    expect(calendar.getFirstPropertyValue("method")).toBeNull();

    await page.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByText("No feed address is active.")).toBeVisible();
    await expect(address).toHaveCount(0);
    expect((await fetch(url)).status).toBe(404);
    // Still revoked after a reload of the page.
    await page.reload();
    await expect(page.getByText("No feed address is active.")).toBeVisible();
  });

  test("an invalid address and a title with a line break are refused clearly; nothing is queued", async ({ page }) => {
    const meetingId = await scheduleMeeting(page, { title: `Bad input ${Date.now()}`, start: futureLocal(4) });
    const before = await outboxCount();

    await invite(page, "emil@example.test, not-an-address");
    await expect(page.locator("#invitees-error")).toHaveText('"not-an-address" is not a valid email address');
    await expect(page.getByLabel(/^Email addresses/)).toHaveValue("emil@example.test, not-an-address");
    await invite(page, "emil@example.test\nEvil <evil@outside.test>\u0085Bcc: x@outside.test");
    await expect(page.locator("#invitees-error")).toContainText("Remove control characters");
    await invite(page, Array.from({ length: 150 }, (_, i) => `person${i}@outside.test`).join("\n"));
    await expect(page.locator("#invitees-error")).toHaveText("Invite at most 100 people at a time (you entered 150)");
    expect(await sql(`select 1 from "Invitation" where "meetingId" = $1`, [meetingId])).toHaveLength(0);

    // A browser <input> drops CR/LF itself; other line breaks reach the validation.
    for (const br of ["\u2028", "\u0085", "\u000b"]) {
      await page.goto(`/meetings/${meetingId}/edit`);
      await page.getByLabel("Title").fill(`Line${br}break`);
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.locator("#title-error")).toHaveText("Remove line breaks and control characters from the title");
      await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}/edit$`));
    }
    expect((await sql<{ title: string }>(`select title from "Meeting" where id = $1`, [meetingId]))[0]!.title).toMatch(/^Bad input/);
    expect(await outboxCount()).toBe(before);
  });
});
