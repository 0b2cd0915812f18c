import { type Browser, type BrowserContextOptions, type Page, expect } from "@playwright/test";
import { type DemoUser, type FRESH_USER, e2eEnv, storageStateFor } from "./env";
import { JitsiStandIn } from "./jitsi-standin";

export async function loginThroughKeycloak(page: Page, user: DemoUser | typeof FRESH_USER) {
  await page.goto("/login");
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.locator("#username").fill(user);
  await page.locator("#password").fill(`${user}-demo-pass`);
  await page.locator("#kc-login").click();
  await expect(page.getByTestId("user-name")).toBeVisible();
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

export async function createLink(page: Page, opts: { label: string; lobby?: boolean; maxUses?: number }) {
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
  await page.goto("/meetings/new");
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
