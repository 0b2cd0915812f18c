// Live presence: the Jitsi stand-in reports its conference to the portal as Prosody's event_sync does
// (docker/prosody/portal-events.cfg.lua), and "My meetings" and the meeting page follow without a reload;
// attendance, switched on by the organiser, is announced before joining and downloaded as CSV.
import { readFileSync } from "node:fs";
import { type Page, expect, test } from "@playwright/test";
import { storageStateFor } from "./env";
import { createLink, guestPage, jitsiStandIn, joinRoom, meetingWithEmil, pageAs, passDeviceCheck } from "./fixtures";

test.use({ storageState: storageStateFor("erin") });

// The pages poll every 15 s; a change shows within one poll.
const POLL = { timeout: 20_000 };
const rowOf = (list: Page, title: string) => list.getByTestId("meeting-list").getByRole("listitem").filter({ hasText: title });

test("a live meeting shows on the list and its page without a reload; the organiser sees who is in, a guest only by the link; attendance downloads", async ({ page, browser }) => {
  const meetingId = await meetingWithEmil(page, "Presence");
  const title = (await page.getByRole("heading", { level: 1 }).textContent())!;
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel(/Keep attendance/).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Attendance kept")).toBeVisible();
  const { url } = await createLink(page, { label: "Visitors", lobby: false });
  const jitsi = jitsiStandIn();

  const list = await page.context().newPage();
  await list.goto("/meetings");
  await expect(rowOf(list, title)).toBeVisible();
  await expect(rowOf(list, title).getByTestId("live-badge")).toHaveCount(0);
  const emil = await pageAs(browser, "emil");
  const emilView = await emil.context.newPage();
  await emilView.goto(`/meetings/${meetingId}`);
  await expect(emilView.getByTestId("meeting-presence")).toHaveText("Nobody is in the meeting right now.");

  await joinRoom(jitsi, page, meetingId);
  await expect(page.getByTestId("join-notices")).toContainText("Attendance is kept for this meeting: your name");
  await joinRoom(jitsi, emil.page, meetingId);
  const guest = await guestPage(browser);
  await jitsi.attach(guest.page);
  await guest.page.goto(url);
  // Told before entering, and that her name is not what is kept.
  await expect(guest.page.getByTestId("join-notices")).toContainText("the invitation you use (not your name)");
  await guest.page.getByLabel("Your name").fill("Gita");
  await guest.page.getByRole("button", { name: "Continue" }).click();
  await passDeviceCheck(jitsi, guest.page);
  await expect(guest.page.getByRole("button", { name: "Leave" })).toBeVisible();

  await expect(rowOf(list, title).getByTestId("live-badge")).toHaveText("Live · 3 in", POLL);
  // The organiser sees who: people by their portal names, the guest by the link, never by the name she typed.
  const manage = await page.context().newPage();
  await manage.goto(`/meetings/${meetingId}`);
  const presence = manage.getByTestId("meeting-presence");
  await expect(presence.getByRole("listitem")).toHaveText(["Erin Employee", "Emil Employee", "Guest via Visitors"]);
  await expect(presence).not.toContainText("Gita");
  // A participant sees how many, not who.
  await expect(emilView.getByTestId("meeting-presence")).toHaveText("Live · 3 in", POLL);
  await expect(emilView.getByTestId("meeting-presence").getByRole("listitem")).toHaveCount(0);

  await emil.page.getByRole("button", { name: "Leave" }).click();
  await expect(rowOf(list, title).getByTestId("live-badge")).toHaveText("Live · 2 in", POLL);
  await expect(presence.getByRole("listitem")).toHaveText(["Erin Employee", "Guest via Visitors"], POLL);

  await page.getByRole("button", { name: "End meeting for everyone" }).click();
  await page.getByRole("button", { name: "Yes, end it" }).click();
  await expect(rowOf(list, title).getByTestId("live-badge")).toHaveCount(0, POLL);
  await expect(presence).toHaveText("Nobody is in the meeting right now.", POLL);

  const [download] = await Promise.all([manage.waitForEvent("download"), manage.getByRole("link", { name: "Download attendance (CSV)" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("Person or link,Joined,Left,Minutes");
  expect(csv.slice(1).map((line) => line.split(",")[0]).sort()).toEqual(["Emil Employee", "Erin Employee", "Guest via Visitors"]);
  expect(csv.join("\n")).not.toContain("Gita");
  expect(csv.join("\n")).not.toContain("still in");
  await emil.context.close();
  await guest.context.close();
});
