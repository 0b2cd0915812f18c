// The conference itself, through the Jitsi stand-in (e2e/jitsi-standin.ts): live fake camera and
// microphone in the cross-origin frame, host first, every way of failing ends in a clear message
// within a bound that does not reset, token renewal and rejoin, removal, leaving and ending.
import { type Browser, type Page, type Request, expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { JITSI_FRAME_FEATURES } from "../lib/jitsi/embed-config";
import { e2eEnv, storageStateFor } from "./env";
import { conferencePage, createLink, guestPage, jitsiStandIn, localInMinutes, openForm, pageAs, passDeviceCheck, scheduleMeeting } from "./fixtures";
import type { JitsiStandIn } from "./jitsi-standin";

const JITSI_ORIGIN = `https://${e2eEnv.JITSI_DOMAIN}`;
// The page's own bound is 20 s; the expectation allows for the page's load on a busy machine.
const STALL_BOUND_MS = 27_000;

test.use({ storageState: storageStateFor("erin") });

async function meetingWithEmil(page: Page, title: string) {
  const meetingId = await scheduleMeeting(page, { title: `${title} ${Date.now()}`, start: localInMinutes(5) });
  await openForm(page, "Add a person");
  await page.getByLabel("Add a person by email").fill("emil@example.test");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByTestId("member-list")).toContainText("Emil Employee");
  return meetingId;
}

async function joinRoom(jitsi: JitsiStandIn, page: Page, meetingId: string) {
  await jitsi.attach(page);
  await page.goto(`/meetings/${meetingId}/room`);
  await passDeviceCheck(jitsi, page);
}

/** The owner and Emil, the meeting's participant, both in its conference; `prepare` runs on Emil's page first. */
async function ownerAndEmilIn(page: Page, browser: Browser, title: string, prepare?: (emil: Page) => Promise<void>) {
  const meetingId = await meetingWithEmil(page, title);
  const jitsi = jitsiStandIn();
  await joinRoom(jitsi, page, meetingId);
  await inMeeting(page);
  const emil = await pageAs(browser, "emil");
  await prepare?.(emil.page);
  await joinRoom(jitsi, emil.page, meetingId);
  await inMeeting(emil.page);
  return { meetingId, jitsi, emil };
}

const inMeeting = (page: Page) => expect(page.getByRole("button", { name: "Leave" })).toBeVisible();
const tokenRequests = (page: Page) => {
  const seen: Request[] = [];
  page.on("request", (r) => r.method() === "POST" && /\/token$/.test(new URL(r.url()).pathname) && seen.push(r));
  return seen;
};

test("owner, participant and guest join with live camera and microphone in the cross-origin frame; members wait for the host", async ({ page, browser }) => {
  const meetingId = await meetingWithEmil(page, "Media check");
  const { url } = await createLink(page, { label: "Visitors", lobby: false });
  const jitsi = jitsiStandIn();

  // The participant arrives first and waits for the host, told so by the portal's page.
  const emil = await pageAs(browser, "emil");
  await joinRoom(jitsi, emil.page, meetingId);
  await expect(emil.page.getByTestId("conference-status")).toContainText("Waiting for the host");
  await expect(emil.page.getByRole("button", { name: "Leave" })).toHaveCount(0);

  await jitsi.attach(page);
  const response = await page.goto(`/meetings/${meetingId}/room`);
  // Each feature Jitsi's frame asks for is delegated to the Jitsi origin, and to no other.
  const policy = response!.headers()["permissions-policy"]!;
  for (const feature of JITSI_FRAME_FEATURES) expect(policy).toContain(`${feature}=(self "${JITSI_ORIGIN}")`);
  expect(policy).toContain("geolocation=()");
  const allow = await page.getByTestId("jitsi-container").locator("iframe").getAttribute("allow");
  expect(allow!.split("; ").sort()).toEqual([...JITSI_FRAME_FEATURES].sort());
  await passDeviceCheck(jitsi, page);
  await inMeeting(page);
  // The host is in: the participant enters by himself.
  await inMeeting(emil.page);
  await expect(emil.page.getByTestId("conference-status")).toHaveText("");

  const guest = await guestPage(browser);
  await jitsi.attach(guest.page);
  await guest.page.goto(url);
  await guest.page.getByLabel("Your name").fill("Gita");
  await guest.page.getByRole("button", { name: "Continue" }).click();
  await passDeviceCheck(jitsi, guest.page);
  await inMeeting(guest.page);

  for (const p of [page, emil.page, guest.page]) {
    const conference = await conferencePage(jitsi, p);
    expect(conference.media).toEqual({ audio: "live", video: "live" });
    expect(conference.policy).toMatchObject({ camera: true, microphone: true, "display-capture": true, fullscreen: true });
  }
  expect(jitsi.participants.map((p) => [p.name, p.moderator, p.state])).toEqual([
    ["Emil Employee", false, "in"],
    ["Erin Employee", true, "in"],
    ["Gita (guest)", false, "in"],
  ]);
  await emil.context.close();
  await guest.context.close();
});

test.describe("never a black screen", () => {
  for (const [mode, title] of [
    ["script", "The video service cannot be reached"],
    ["frame", "The conference page did not load"],
    ["app", "The conference did not start"],
  ] as const) {
    test(`Jitsi hanging at the ${mode} is told within the bound`, async ({ page }) => {
      const meetingId = await scheduleMeeting(page, { title: `Hang ${mode} ${Date.now()}`, start: localInMinutes(5) });
      const jitsi = jitsiStandIn();
      if (mode === "script") jitsi.script = "hang";
      if (mode === "frame") jitsi.frame = "hang";
      if (mode === "app") jitsi.app = "stall";
      await jitsi.attach(page);
      const started = Date.now();
      await page.goto(`/meetings/${meetingId}/room`);
      await expect(page.getByRole("alert").filter({ hasText: title })).toBeVisible({ timeout: STALL_BOUND_MS });
      expect(Date.now() - started).toBeGreaterThanOrEqual(19_000);
      await expect(page.getByRole("alert").getByRole("link", { name: "Back to the meeting" })).toBeVisible();
      await expect(page.getByRole("alert").getByRole("button", { name: "Try again" })).toBeVisible();
    });
  }

  test("a token Jitsi keeps refusing, even fresh, is named as such after a bounded number of renewals", async ({ page }) => {
    const meetingId = await scheduleMeeting(page, { title: `Refused ${Date.now()}`, start: localInMinutes(5) });
    const jitsi = jitsiStandIn();
    jitsi.expireTokensIssuedBefore(new Date(Date.now() + 3_600_000)); // as if the secrets differed
    const requests = tokenRequests(page);
    await joinRoom(jitsi, page, meetingId);
    await expect(page.getByRole("alert").filter({ hasText: "The video service refused your access" })).toBeVisible();
    expect(requests).toHaveLength(4); // the first ticket and three renewals
    expect(jitsi.connections.map((c) => c.reason)).toEqual(Array(4).fill("token expired"));
  });

  test("a connection that stays down ends in a message, not a loop", async ({ page }) => {
    const meetingId = await scheduleMeeting(page, { title: `Down ${Date.now()}`, start: localInMinutes(5) });
    const jitsi = jitsiStandIn();
    await joinRoom(jitsi, page, meetingId);
    await inMeeting(page);
    jitsi.dropAll({ stayDown: true });
    await expect(page.getByRole("alert").filter({ hasText: "The connection to the meeting was lost" })).toBeVisible();
  });
});

test("a conference outlives its token: a drop after expiry renews it once and rejoins; a removed person is told", async ({ page, browser }) => {
  const { meetingId, jitsi, emil } = await ownerAndEmilIn(page, browser, "Long meeting");
  const manage = await page.context().newPage();
  await manage.goto(`/meetings/${meetingId}`);
  const firstToken = (await conferencePage(jitsi, page)).jwt!;
  const erinRequests = tokenRequests(page);

  // Both tokens have expired; the network drops; Jitsi reconnects with the old token and is refused.
  jitsi.expireTokensIssuedBefore(new Date(Date.now() + 1000));
  await page.waitForTimeout(1100);
  await manage.getByTestId("member-list").getByRole("listitem").filter({ hasText: "Emil Employee" }).getByRole("button", { name: "Remove" }).click();
  await expect(manage.getByText("Only you so far.")).toBeVisible();
  jitsi.dropAll();

  await expect.poll(() => erinRequests.length).toBe(1);
  await expect.poll(async () => (await conferencePage(jitsi, page)).jwt).not.toBe(firstToken);
  const renewed = (await conferencePage(jitsi, page)).jwt!;
  expect(decodeJwt(renewed).iat!).toBeGreaterThan(decodeJwt(firstToken).iat!);
  // Straight back in, without the device check.
  await inMeeting(page);
  expect(jitsi.connections.filter((c) => c.token === renewed && c.accepted)).toHaveLength(1);
  expect(erinRequests).toHaveLength(1);

  await expect(emil.page.getByRole("alert").filter({ hasText: "You were removed from this meeting" })).toBeVisible();
  await expect(emil.page.getByTestId("jitsi-container")).toHaveCount(0);
  await emil.context.close();
});

test("someone removed while in the conference leaves it before their token runs out", async ({ page, browser }) => {
  const { meetingId, emil } = await ownerAndEmilIn(page, browser, "Recheck", (p) => p.clock.install());
  const requests = tokenRequests(emil.page);

  await page.goto(`/meetings/${meetingId}`);
  await page.getByTestId("member-list").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Only you so far.")).toBeVisible();
  // A minute before the 10-minute token expires, the page asks again and learns the right is gone.
  await emil.page.clock.fastForward("08:30");
  expect(requests).toHaveLength(0);
  await emil.page.clock.fastForward("01:00");
  await expect(emil.page.getByRole("alert").filter({ hasText: "You were removed from this meeting" })).toBeVisible();
  expect(requests).toHaveLength(1);
  await expect(emil.page.getByTestId("jitsi-container")).toHaveCount(0);
  await emil.context.close();
});

test("moderators end the meeting for everyone after confirming; others can only leave", async ({ page, browser }) => {
  const { meetingId, jitsi, emil } = await ownerAndEmilIn(page, browser, "Ending");
  await expect(emil.page.getByRole("button", { name: "End meeting for everyone" })).toHaveCount(0);

  await page.getByRole("button", { name: "End meeting for everyone" }).click();
  await page.getByRole("button", { name: "No" }).click();
  expect(jitsi.commandsOf("Erin Employee").filter(([c]) => c === "end-conference")).toHaveLength(0);
  await page.getByRole("button", { name: "End meeting for everyone" }).click();
  await page.getByRole("button", { name: "Yes, end it" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "You ended the meeting for everyone" })).toBeVisible();
  await expect(emil.page.getByRole("alert").filter({ hasText: "The meeting was ended for everyone" })).toBeVisible();
  expect(jitsi.commandsOf("Erin Employee").filter(([c]) => c === "end-conference")).toHaveLength(1);
  expect(jitsi.commandsOf("Emil Employee").filter(([c]) => c === "end-conference")).toHaveLength(0);

  // Rejoining after the end: the participant waits for the host again; leaving is a plain hangup.
  await emil.page.getByRole("link", { name: "Back to the meeting" }).click();
  await joinRoom(jitsi, emil.page, meetingId);
  await expect(emil.page.getByTestId("conference-status")).toContainText("Waiting for the host");
  await page.getByRole("link", { name: "Back to the meeting" }).click();
  await joinRoom(jitsi, page, meetingId);
  await inMeeting(emil.page);
  await emil.page.getByRole("button", { name: "Leave" }).click();
  await expect(emil.page.getByRole("alert").filter({ hasText: "You left the meeting" })).toBeVisible();
  expect(jitsi.commandsOf("Emil Employee").filter(([c]) => c === "video-hangup")).toHaveLength(1);
  await emil.context.close();
});

test("times in any browser locale and zone raise no console error", async ({ browser, page }) => {
  const meetingId = await scheduleMeeting(page, { title: `Locales ${Date.now()}`, start: localInMinutes(5), timeZone: "America/New_York" });
  for (const [locale, timezoneId] of [
    ["de-DE", "Europe/Berlin"],
    ["en-GB", "Asia/Tokyo"],
  ] as const) {
    const viewer = await pageAs(browser, "erin", { locale, timezoneId });
    const errors: string[] = [];
    viewer.page.on("console", (m) => m.type() === "error" && errors.push(`${m.text()} @ ${m.location().url}`));
    viewer.page.on("pageerror", (e) => errors.push(e.message));
    const jitsi = jitsiStandIn();
    await jitsi.attach(viewer.page);
    for (const path of ["/meetings", `/meetings/${meetingId}`, `/meetings/${meetingId}/room`]) {
      await viewer.page.goto(path);
      await viewer.page.waitForLoadState("networkidle");
    }
    await passDeviceCheck(jitsi, viewer.page);
    await inMeeting(viewer.page);
    await viewer.page.goto(`/meetings/${meetingId}`);
    await expect(viewer.page.getByTestId("meeting-when").getByTestId("local-time")).toContainText(timezoneId);
    expect(errors).toEqual([]);
    await viewer.context.close();
  }
});
