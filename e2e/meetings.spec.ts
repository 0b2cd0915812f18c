// The core slice: schedule, list, open, join with a checked token; a stranger is refused; logout.
import { expect, test } from "@playwright/test";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { roomNameFor } from "../lib/jitsi/room";
import { e2eEnv, storageStateFor } from "./env";
import { conferencePage, futureLocal, jitsiStandIn, loginThroughKeycloak, openForm, pageAs, passDeviceCheck, renewStorageState, scheduleMeeting, signOutEverywhere } from "./fixtures";

test.describe("an employee's meeting", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("schedule, list, open, join as moderator; another employee is refused", async ({ page, browser }) => {
    const title = `Design review ${Date.now()}`;
    const meetingId = await scheduleMeeting(page, { title, start: futureLocal(2), duration: 30, timeZone: "America/New_York", lobby: true });
    await expect(page.getByTestId("meeting-title")).toHaveText(title);

    await page.goto("/meetings");
    // Other specs' meetings may come sooner: page on until this one is listed.
    // (Each page loaded whole: a client-side page change could still be showing the previous page's rows.)
    for (let i = 0; i < 20 && !(await page.getByTestId("meeting-list").getByText(title).count()); i++) await page.goto((await page.getByRole("link", { name: "Next" }).getAttribute("href"))!);
    await expect(page.getByTestId("meeting-list")).toContainText(title);
    // Shown in the viewer's zone (the browser's), not the organiser's New York time.
    await expect(page.getByTestId("meeting-list").getByTestId("local-time").first()).not.toContainText("America/New_York");

    await page.getByRole("link", { name: title }).click();
    const jitsi = jitsiStandIn();
    await jitsi.attach(page);
    await page.getByRole("link", { name: "Join meeting" }).click();
    const call = await conferencePage(jitsi, page);

    const room = roomNameFor(meetingId, e2eEnv.ROOM_NAME_SECRET);
    expect(call.room).toBe(room);
    expect(call.params["userInfo.displayName"]).toBe("Erin Employee");
    expect(call.params).toMatchObject({ "config.disableThirdPartyRequests": true, "config.analytics": { disabled: true }, "config.p2p": { enabled: false } });

    const jwt = call.jwt!;
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(e2eEnv.JITSI_APP_SECRET), {
      issuer: e2eEnv.JITSI_APP_ID,
      audience: e2eEnv.JITSI_AUDIENCE,
      subject: e2eEnv.JITSI_XMPP_DOMAIN,
      clockTolerance: 0,
    });
    expect(payload.room).toBe(room);
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.context).toMatchObject({
      user: { name: "Erin Employee", moderator: true, affiliation: "owner" },
      features: { recording: false, livestreaming: false, lobby_bypass: true },
    });
    // Least data: no email in the token (README "Jitsi tokens").
    expect(JSON.stringify(payload)).not.toContain("@");
    // The moderator switches the meeting's lobby on as soon as they are in.
    await passDeviceCheck(jitsi, page);
    await expect.poll(() => jitsi.commandsOf("Erin Employee")).toContainEqual(["toggle-lobby", true]);

    const emil = await pageAs(browser, "emil");
    // Issue 14: "not yours" answers exactly as "no such meeting".
    const refused = await emil.page.request.post(`/api/meetings/${meetingId}/token`);
    const unknown = await emil.page.request.post(`/api/meetings/${crypto.randomUUID()}/token`);
    expect(refused.status()).toBe(404);
    expect(await refused.json()).toEqual(await unknown.json());
    const response = await emil.page.goto(`/meetings/${meetingId}`);
    expect(response?.status()).toBe(404);
    await expect(emil.page.getByTestId("not-found")).toContainText("not been given access");
    await expect(emil.page).not.toHaveTitle(new RegExp(title));
    await expect(emil.page.locator("body")).not.toContainText(title);
    await emil.page.goto(`/meetings/${meetingId}/room`);
    await expect(emil.page.getByTestId("not-found")).toBeVisible();
    await emil.context.close();
  });

  test("a participant added by the owner gets a member token; a cancelled meeting gets none", async ({ page, browser }) => {
    const title = `Standup ${Date.now()}`;
    const meetingId = await scheduleMeeting(page, { title, start: futureLocal(1) });
    await openForm(page, "Add a person");
    await page.getByLabel("Add a person by email").fill("emil@example.test");
    await page.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByTestId("member-list")).toContainText("Emil Employee");

    const emil = await pageAs(browser, "emil");
    const granted = await emil.page.request.post(`/api/meetings/${meetingId}/token`);
    expect(granted.status()).toBe(200);
    const ticket = await granted.json();
    const { payload } = await jwtVerify(ticket.token, new TextEncoder().encode(e2eEnv.JITSI_APP_SECRET));
    expect(payload.context).toMatchObject({ user: { moderator: false, affiliation: "member" }, features: { lobby_bypass: true, recording: false } });

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Cancel meeting" }).click();
    await expect(page.getByRole("status")).toContainText("cancelled");
    const afterCancel = await emil.page.request.post(`/api/meetings/${meetingId}/token`);
    expect(afterCancel.status()).toBe(403);
    expect((await afterCancel.json()).error.code).toBe("cancelled");
    expect((await page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(403);
    await emil.context.close();
  });

  test("a share with a Keycloak group lets its members in; removing it takes effect at once", async ({ page, browser }) => {
    const meetingId = await scheduleMeeting(page, { title: `Sales sync ${Date.now()}`, start: futureLocal(1) });
    const emil = await pageAs(browser, "emil"); // group "sales"
    expect((await emil.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(404);
    await openForm(page, "Share with a group");
    await page.getByLabel("Share with a Keycloak group").fill("sales");
    await page.getByLabel("As").nth(1).selectOption("MODERATOR");
    await page.getByRole("button", { name: "Share with group" }).click();
    await expect(page.getByTestId("member-list")).toContainText("Everyone in group sales · moderator");
    const granted = await emil.page.request.post(`/api/meetings/${meetingId}/token`);
    expect(granted.status()).toBe(200);
    expect((await granted.json()).moderator).toBe(true);
    await emil.page.goto("/meetings");
    await expect(emil.page.getByTestId("meeting-list")).toContainText("Sales sync");
    await page.getByTestId("member-list").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId("member-list")).toHaveCount(0);
    expect((await emil.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(404);
    await emil.context.close();
  });

  test("a clear page when Jitsi cannot be reached", async ({ page }) => {
    await scheduleMeeting(page, { title: `Unreachable ${Date.now()}`, start: futureLocal(1) });
    await page.route(`https://${e2eEnv.JITSI_DOMAIN}/**`, (route) => route.abort("connectionrefused"));
    await page.getByRole("link", { name: "Join meeting" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The video service cannot be reached" })).toBeVisible();
  });
});

test.describe("look-ups by address", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("an address with _ or % names nobody but itself", async ({ page }) => {
    await scheduleMeeting(page, { title: `Wildcards ${Date.now()}`, start: futureLocal(1) });
    for (const pattern of ["_mil@example.test", "emi_@example.test"]) {
      await openForm(page, "Add a person");
      await page.getByLabel("Add a person by email").fill(pattern);
      // The refused form is rendered again with what was typed: wait for the answer, or it overwrites
      // the next fill (the message of the first refusal is already on the page).
      await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/meetings/")), page.getByRole("button", { name: "Add person" }).click()]);
      await expect(page.getByText("Nobody with that email has signed in to the portal yet")).toBeVisible();
      await expect(page.getByText("Only you so far.")).toBeVisible();
    }
    // The same address in other letters' case is still the same person.
    await page.getByLabel("Add a person by email").fill("EMIL@EXAMPLE.TEST");
    await page.getByRole("button", { name: "Add person" }).click();
    await expect(page.getByTestId("member-list")).toContainText("Emil Employee");
  });
});

test("anonymous callers get 401 from the token route and the login page for meetings", async ({ page }) => {
  const res = await page.request.post("/api/meetings/00000000-0000-4000-8000-000000000000/token");
  expect(res.status()).toBe(401);
  expect((await res.json()).error.message).toMatch(/sign in/i);
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmeetings/);
});

test("a user with no portal role cannot schedule but sees what they were given", async ({ browser }) => {
  const nora = await pageAs(browser, "nora");
  await nora.page.goto("/meetings");
  await expect(nora.page.getByRole("link", { name: "Schedule a meeting" })).toHaveCount(0);
  await nora.page.goto("/meetings/new");
  await expect(nora.page.getByRole("heading")).toContainText("You cannot schedule meetings");
  await nora.context.close();
});

test("logout ends the portal session and the Keycloak session", async ({ page }) => {
  await loginThroughKeycloak(page, "ada");
  // No confirmation at the IdP, and the IdP asks for credentials again: its SSO session is gone too.
  await signOutEverywhere(page);
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/login/);
  // Signing out ended every session of ada's (issue 14): later specs get a fresh one.
  await renewStorageState(page, "ada");
});
