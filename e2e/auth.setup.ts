// Logs in once per demo user through the real login form of the Keycloak-shaped IdP, via next-auth.
import { expect, test as setup } from "@playwright/test";
import { DEMO_USERS, storageStateFor } from "./env";
import { loginThroughKeycloak } from "./fixtures";

for (const user of DEMO_USERS) {
  setup(`log in as ${user}`, async ({ page }) => {
    await loginThroughKeycloak(page, user);
    await expect(page).toHaveURL(/\/meetings$/);
    await page.context().storageState({ path: storageStateFor(user) });
  });
}
