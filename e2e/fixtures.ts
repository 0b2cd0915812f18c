import { type Browser, type Page, expect } from "@playwright/test";
import { type DemoUser, storageStateFor } from "./env";

export async function loginThroughKeycloak(page: Page, user: DemoUser) {
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

export async function pageAs(browser: Browser, user: DemoUser) {
  const context = await browser.newContext({ storageState: storageStateFor(user) });
  return { context, page: await context.newPage() };
}

/** Stands in for the self-hosted Jitsi: records what the portal asks of external_api.js. */
export async function fakeJitsi(page: Page, domain: string) {
  await page.route(`https://${domain}/external_api.js`, (route) =>
    route.fulfill({
      contentType: "application/javascript",
      body: `window.__jitsiCommands = [];
        window.JitsiMeetExternalAPI = function (domain, options) {
          const { parentNode, ...rest } = options;
          window.__jitsi = { domain, options: JSON.parse(JSON.stringify(rest)) };
          const frame = document.createElement("iframe");
          frame.src = "https://" + domain + "/" + options.roomName + "?jwt=" + options.jwt;
          parentNode.appendChild(frame);
          const listeners = {};
          this.addListener = this.on = (event, fn) => { (listeners[event] ??= []).push(fn); };
          this.executeCommand = (...args) => window.__jitsiCommands.push(args);
          setTimeout(() => (listeners.videoConferenceJoined || []).forEach((fn) => fn({})), 50);
        };`,
    }),
  );
  await page.route(`https://${domain}/**`, (route) =>
    route.request().url().endsWith("/external_api.js") ? route.fallback() : route.fulfill({ contentType: "text/html", body: "<p>conference</p>" }),
  );
}

export type JitsiCall = { domain: string; options: { roomName: string; jwt?: string; userInfo: { displayName: string }; configOverwrite: Record<string, unknown> } };

export async function jitsiCall(page: Page): Promise<JitsiCall> {
  await page.waitForFunction(() => "__jitsi" in window);
  return page.evaluate(() => (window as unknown as { __jitsi: JitsiCall }).__jitsi);
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
