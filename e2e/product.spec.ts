// The product as its users see it (issue 16): colleagues invited as members, honest link states,
// expiry caps said up front, one calendar event per mail, checked group names.
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./env";
import { createLink, guestPage, localInMinutes, scheduleMeeting } from "./fixtures";

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
});
