// The product as its users see it (issue 16): colleagues invited as members, honest link states,
// expiry caps said up front, one calendar event per mail, checked group names.
import { expect, test } from "@playwright/test";
import { sql } from "./db";
import { FRESH_USER, storageStateFor } from "./env";
import { createLink, guestPage, localInMinutes, loginThroughKeycloak, openForm, pageAs, scheduleMeeting } from "./fixtures";

test.describe("invite links as the organiser sees them", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("a used-up link can be revoked, and then its holders no longer get in by reloading", async ({ page, browser }) => {
    await scheduleMeeting(page, { title: `Used-up link ${Date.now()}`, start: localInMinutes(5) });
    const { url, token } = await createLink(page, { label: "One seat", lobby: true, maxUses: 1 });
    const guest = await guestPage(browser);
    await guest.page.goto(url);
    await guest.page.getByLabel("Your name").fill("Ola");
    await guest.page.getByRole("button", { name: "Continue" }).click();
    await expect(guest.page.getByLabel("Your name")).toHaveCount(0);
    expect((await guest.page.request.post(`/api/join/${token}/token`)).status()).toBe(200);

    await page.reload();
    const row = page.getByTestId("link-row").filter({ hasText: "One seat" });
    await expect(row.getByTestId("link-state")).toContainText("Used up");
    // Its holder still gets in: that is why revoking must stay possible.
    expect((await guest.page.request.post(`/api/join/${token}/token`)).status()).toBe(200);
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row.getByTestId("link-state")).toHaveText("Revoked");
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

    expect((await guest.page.reload())?.status()).toBe(404);
    expect((await guest.page.request.post(`/api/join/${token}/token`)).status()).toBe(404);
    await guest.context.close();
  });

  test("the form says how long a link may live before creating it, and the list shows the real expiry", async ({ page }) => {
    await scheduleMeeting(page, { title: `Capped link ${Date.now()}`, start: localInMinutes(30) });
    await openForm(page, "Create an invite link");
    const cap = page.getByTestId("expiry-cap");
    await expect(cap).toContainText("the meeting's end plus a grace period");
    const capAt = await cap.locator("time").getAttribute("datetime");
    // Ask for ten days: longer than the meeting needs.
    const tenDays = new Date(Date.now() + 10 * 86_400_000);
    await page.getByLabel("Expires (optional)").fill(`${tenDays.toISOString().slice(0, 10)}T12:00`);
    await createLink(page, { label: "Too long", lobby: true });
    await expect(page.getByTestId("new-link").locator("time")).toHaveAttribute("datetime", capAt!);
    await expect(page.getByTestId("link-row").filter({ hasText: "Too long" }).locator("time")).toHaveAttribute("datetime", capAt!);
  });
});

test("a saved policy shows on everyone's very next page (the settings ride on the session's own read)", async ({ browser }) => {
  const erin = await pageAs(browser, "erin");
  await erin.page.goto("/meetings");
  const before = await erin.page.getByRole("banner").getByRole("link").first().textContent();
  const ada = await pageAs(browser, "ada");
  try {
    const name = `Portal ${Date.now()}`;
    await ada.page.goto("/admin/policy");
    await ada.page.getByLabel("Organisation name").fill(name);
    await ada.page.getByRole("button", { name: "Save policy" }).click();
    await expect(ada.page.getByRole("status")).toHaveText("Saved.");
    await erin.page.goto("/meetings");
    await expect(erin.page.getByRole("banner").getByRole("link").first()).toHaveText(name);
    await expect(erin.page).toHaveTitle(/My meetings/);
  } finally {
    // With its time, as a save makes it: the policy is known to have changed by that stamp.
    await sql(`update "SiteSettings" set "organisationName" = $1, "updatedAt" = now()`, [before]);
    await ada.context.close();
    await erin.context.close();
  }
});

test.describe("colleagues are members, not guests", () => {
  test.use({ storageState: storageStateFor("erin") });
  test.afterEach(async () => {
    await sql(`update "SiteSettings" set "organisationDomains" = '{}'`);
  });

  test("a colleague who never signed in is invited as a member: the mail says sign in, their first sign-in lists the meeting", async ({ page, browser }) => {
    const ada = await pageAs(browser, "ada");
    await ada.page.goto("/admin/policy");
    await ada.page.getByLabel("Organisation mail domains").fill("Example.test");
    await ada.page.getByRole("button", { name: "Save policy" }).click();
    await expect(ada.page.getByRole("status")).toHaveText("Saved.");
    await ada.context.close();

    const title = `Colleague invited ${Date.now()}`;
    const meetingId = await scheduleMeeting(page, { title, start: localInMinutes(60) });
    await openForm(page, "Invite by email");
    await page.getByLabel(/^Email addresses/).fill(`Finn Fresh <${FRESH_USER}@example.test>`);
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByRole("list", { name: "Invitations" })).toContainText(`${FRESH_USER}@example.test`);

    // No guest link was made for them; their mail sends them to sign in on the meeting page.
    expect(await sql(`select id from "InviteLink" where "meetingId" = $1`, [meetingId])).toEqual([]);
    const [mail] = await sql<{ text: string }>(`select text from "OutboxMessage" where "meetingId" = $1 and kind = 'invite'`, [meetingId]);
    expect(mail!.text).toContain(`Sign in to join: `);
    expect(mail!.text).toContain(`/meetings/${meetingId}`);
    expect(mail!.text).not.toContain("/join/");
    expect(await sql(`select id from "User" where email = $1`, [`${FRESH_USER}@example.test`])).toEqual([]);

    const finn = await guestPage(browser);
    await loginThroughKeycloak(finn.page, FRESH_USER);
    await finn.page.goto("/meetings");
    await finn.page.getByRole("link", { name: title }).click();
    await expect(finn.page.getByTestId("meeting-title")).toContainText(title);
    await finn.context.close();
  });
});

test.describe("group names are checked", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("a share suggests known groups, warns on an unknown one until confirmed, and keeps a known group's spelling", async ({ page }) => {
    const meetingId = await scheduleMeeting(page, { title: `Group share ${Date.now()}`, start: localInMinutes(90) });
    // Suggested from the people seen at sign-in (erin: engineering, emil: sales), in the page itself.
    const known = page.getByTestId("known-groups").locator("option");
    expect(await known.evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(expect.arrayContaining(["engineering", "sales"]));
    await openForm(page, "Share with a group");
    await expect(page.getByLabel("Share with a Keycloak group")).toHaveAttribute("list", "known-groups");

    const share = async (group: string) => {
      await page.getByLabel("Share with a Keycloak group").fill(group);
      await page.getByRole("button", { name: "Share with group" }).click();
    };
    await share("enginering");
    await expect(page.locator("#group-error")).toContainText('No group "enginering" is known');
    expect(await sql(`select "group" from "MeetingGroupShare" where "meetingId" = $1`, [meetingId])).toEqual([]);
    // The typed name is kept; confirming shares it as typed.
    await expect(page.getByLabel("Share with a Keycloak group")).toHaveValue("enginering");
    await page.getByLabel("Share anyway").check();
    await page.getByRole("button", { name: "Share with group" }).click();
    await expect(page.getByTestId("member-list")).toContainText("Everyone in group enginering");

    await share("SALES");
    await expect(page.getByTestId("member-list")).toContainText("Everyone in group sales");
    expect((await sql<{ group: string }>(`select "group" from "MeetingGroupShare" where "meetingId" = $1 order by "group"`, [meetingId])).map((r) => r.group)).toEqual(["enginering", "sales"]);
  });

  test("the permission matrix refuses a second column for the same group and warns on an unknown one", async ({ browser }) => {
    const ada = await pageAs(browser, "ada");
    await ada.page.goto("/admin");
    const matrix = ada.page.getByTestId("permission-matrix");
    const columns = () => matrix.locator("thead th").count();
    const before = await columns();
    const add = async (name: string) => {
      await ada.page.getByLabel("Role or group name").fill(name);
      await ada.page.getByRole("button", { name: "Add column" }).click();
    };
    await add("Engineering");
    await expect(ada.page.getByText('There is already a column for group "engineering".')).toBeVisible();
    await add("marketting");
    await expect(ada.page.getByText('No group "marketting" is known')).toBeVisible();
    expect(await columns()).toBe(before);
    await ada.page.getByRole("button", { name: "Add anyway" }).click();
    await expect(matrix.locator("thead th").filter({ hasText: "marketting" })).toHaveCount(1);

    // The server refuses it too: a grant for a group that has one in other letter case.
    const group = `qa-${Date.now()}`;
    const grant = (subject: string) => ({ permission: "RECORD", subjectType: "GROUP", subject });
    expect((await ada.page.request.post("/api/admin/permissions", { data: grant(group) })).ok()).toBe(true);
    const twin = await ada.page.request.post("/api/admin/permissions", { data: grant(group.toUpperCase()) });
    expect(twin.status()).toBe(409);
    expect((await twin.json()).error.message).toContain(`already a column for group "${group}"`);
    expect((await ada.page.request.delete("/api/admin/permissions", { data: grant(group) })).ok()).toBe(true);
    await ada.context.close();
  });
});
