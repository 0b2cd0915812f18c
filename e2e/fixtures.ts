import { type Browser, type BrowserContextOptions, type Page, expect } from "@playwright/test";
import { type DemoUser, type FRESH_USER, e2eEnv, portalUrl, storageStateFor } from "./env";
import { JitsiStandIn } from "./jitsi-standin";

export async function loginThroughKeycloak(page: Page, user: DemoUser | typeof FRESH_USER) {
  await page.goto("/login");
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.locator("#username").fill(user);
  await page.locator("#password").fill(`${user}-demo-pass`);
  await page.locator("#kc-login").click();
  await expect(page.getByTestId("user-name")).toBeVisible();
}

/**
 * Signs out with the header's button and checks Keycloak got this sign-in's ID token (id_token_hint) and
 * went straight back to the portal: no "Do you want to log out?" (issue 21 item 6), and its session is
 * over, so signing in again asks for the password.
 */
export async function signOutEverywhere(page: Page) {
  const endSessionPath = `${new URL(e2eEnv.KEYCLOAK_ISSUER).pathname}/protocol/openid-connect/logout`;
  const endSession = page.waitForRequest((r) => new URL(r.url()).pathname === endSessionPath);
  await page.getByRole("button", { name: "Sign out" }).click();
  const request = await endSession;
  // A redirect carries the fields in the URL; a long ID token (many groups) comes as a form post.
  const fields = new URLSearchParams(request.method() === "POST" ? (request.postData() ?? "") : new URL(request.url()).search);
  expect(fields.get("id_token_hint")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(fields.get("client_id")).toBe(e2eEnv.KEYCLOAK_CLIENT_ID);
  // Nothing clicked: with a prompt the browser would wait there.
  await expect(page).toHaveURL(/\/signed-out$/);
  await expect(page.getByRole("heading")).toHaveText("You are signed out");
  await page.goto("/login");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.locator("#username")).toBeVisible();
}

/** Signing out ends every session of a user: specs that do so sign in again for the ones after them. */
export async function renewStorageState(page: Page, user: DemoUser) {
  await page.context().clearCookies();
  await loginThroughKeycloak(page, user);
  await page.context().storageState({ path: storageStateFor(user) });
}

export async function pageAs(browser: Browser, user: DemoUser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...options, storageState: storageStateFor(user) });
  return { context, page: await context.newPage() };
}

/** The Jitsi stand-in (e2e/jitsi-standin.ts) with the e2e stack's token settings. */
export function jitsiStandIn() {
  return new JitsiStandIn({
    domain: e2eEnv.JITSI_DOMAIN,
    secret: e2eEnv.JITSI_APP_SECRET,
    appId: e2eEnv.JITSI_APP_ID,
    audience: e2eEnv.JITSI_AUDIENCE,
    xmppDomain: e2eEnv.JITSI_XMPP_DOMAIN,
    events: { prefix: `${portalUrl}/api/internal/prosody`, secret: e2eEnv.PROSODY_EVENTS_SECRET },
  });
}

export type ConferencePage = {
  room: string;
  jwt: string | null;
  /** The options as the conference page parsed them from its URL's hash ("config.subject", …). */
  params: Record<string, unknown>;
  media: { audio?: string; video?: string; error?: string } | null;
  policy: Record<string, boolean | null>;
  commands: unknown[][];
};

/** What the conference page inside the portal's frame received and did. */
export async function conferencePage(standIn: JitsiStandIn, page: Page): Promise<ConferencePage> {
  // A rejoin replaces the frame: one that goes away while being read is looked up again.
  for (let attempt = 1; ; attempt++) {
    try {
      const frame = await standIn.frameOf(page);
      await frame.waitForFunction(() => "__standin" in window);
      return await frame.evaluate(() => (window as unknown as { __standin: ConferencePage }).__standin);
    } catch (e) {
      if (attempt === 5 || page.isClosed()) throw e;
    }
  }
}

/** Passes Jitsi's device check page, as a person clicks "Join meeting" there. */
export async function passDeviceCheck(standIn: JitsiStandIn, page: Page) {
  const frame = await standIn.frameOf(page);
  await frame.getByRole("button", { name: "Join meeting" }).click();
}

/** Opens a form the meeting page keeps behind a disclosure (<details>), unless it is open already. */
export async function openForm(page: Page, summary: string) {
  const details = page.getByTestId("disclosure").filter({ has: page.locator("summary", { hasText: summary }) }).first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").first().click();
}

export async function createLink(page: Page, opts: { label: string; lobby?: boolean; maxUses?: number }) {
  await openForm(page, "Create an invite link");
  await page.getByLabel("Label (optional)").fill(opts.label);
  if (opts.maxUses) await page.getByLabel("Maximum uses (optional)").fill(String(opts.maxUses));
  const lobby = page.getByLabel(/Holders wait in the lobby/);
  if (opts.lobby) await lobby.check();
  else await lobby.uncheck();
  const newLink = page.getByTestId("new-link").getByTestId("link-url");
  const before = (await newLink.count()) ? await newLink.innerText() : "";
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(newLink).toContainText("/join/");
  await expect(newLink).not.toHaveText(before);
  const url = await newLink.innerText();
  return { url, token: url.split("/join/")[1]! };
}

export async function guestPage(browser: Browser, options: BrowserContextOptions = {}) {
  // Explicitly empty: inside a test, newContext() would inherit the signed-in storage state.
  const context = await browser.newContext({ ...options, storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

/** Fills and submits the schedule form; `start` is a datetime-local value. */
export async function scheduleMeeting(page: Page, m: MeetingFields) {
  await submitMeetingForm(page, m);
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

type MeetingFields = { title: string; start: string; duration?: number; timeZone?: string; lobby?: boolean; recording?: boolean; invitees?: string };

export async function submitMeetingForm(page: Page, m: MeetingFields) {
  // Settled first: the page reports the browser's zone through a server action as it loads, and a
  // submit racing that call was lost now and then (a first page in a new zone).
  await page.goto("/meetings/new", { waitUntil: "networkidle" });
  await page.getByLabel("Title").fill(m.title);
  await page.getByLabel("Starts").fill(m.start);
  await page.getByLabel("Duration (minutes)").fill(String(m.duration ?? 45));
  if (m.timeZone) await page.getByLabel("Time zone").selectOption(m.timeZone);
  if (m.lobby) await page.getByLabel(/^Lobby/).check();
  if (m.recording) await page.getByLabel(/^Recording allowed/).check();
  if (m.invitees) await page.getByLabel("Invite by email").fill(m.invitees);
  await page.getByRole("button", { name: "Schedule" }).click();
}

/** A datetime-local value (UTC, the browser's zone here) `minutes` from now. */
export function localInMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value `days` from now, at 10:00. */
export function futureLocal(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T10:00`;
}

/** A meeting of the signed-in organiser, starting in 5 minutes, with Emil added as a participant. */
export async function meetingWithEmil(page: Page, title: string) {
  const meetingId = await scheduleMeeting(page, { title: `${title} ${Date.now()}`, start: localInMinutes(5) });
  await openForm(page, "Add a person");
  await page.getByLabel("Add a person by email").fill("emil@example.test");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByTestId("member-list")).toContainText("Emil Employee");
  return meetingId;
}

/** Opens the meeting's conference through the Jitsi stand-in and passes the device check. */
export async function joinRoom(jitsi: JitsiStandIn, page: Page, meetingId: string) {
  await jitsi.attach(page);
  await page.goto(`/meetings/${meetingId}/room`);
  await passDeviceCheck(jitsi, page);
}
