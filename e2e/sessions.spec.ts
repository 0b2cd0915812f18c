// Sessions that end (issue 14): after signing out, a copy of the session cookie works no more; a
// session ended at the IdP (an admin logging the user out there) ends the portal session through
// OIDC Back-Channel Logout, sent by the Keycloak-shaped IdP exactly as Keycloak sends it.
import { type Browser, type BrowserContext, expect, test } from "@playwright/test";
import { sql } from "./db";
import { e2eEnv } from "./env";
import { loginThroughKeycloak, renewStorageState } from "./fixtures";

const USER = "nora";

async function signedIn(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await loginThroughKeycloak(await context.newPage(), USER);
  return context;
}

/** A second browser holding a copy of the session cookie, as a thief would. */
async function copyOf(browser: Browser, context: BrowserContext, javaScriptEnabled = true) {
  const copy = await browser.newContext({ storageState: await context.storageState(), javaScriptEnabled });
  return { copy, page: await copy.newPage() };
}

async function expectSignedOut(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto("/meetings");
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.post(`/api/meetings/${crypto.randomUUID()}/token`)).status()).toBe(401);
}

test.afterAll(async ({ browser }) => {
  // Every test here ends all of nora's sessions: later runs and specs get a fresh one.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await renewStorageState(await context.newPage(), USER);
  await context.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`signing out ends a copied session cookie too (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const original = await signedIn(browser);
    const thief = await copyOf(browser, original);
    // The sign-out form works without JavaScript; its page then hands over to the IdP's logout.
    const { copy: signingOut, page } = await copyOf(browser, original, javaScriptEnabled);
    await page.goto("/meetings");
    await expect(page.getByTestId("user-name")).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).not.toHaveURL(/\/meetings/);
    // Issue 14: the copy kept working for the rest of its 8 hours.
    await expectSignedOut(thief.copy);
    await expectSignedOut(original);
    await Promise.all([original.close(), thief.copy.close(), signingOut.close()]);
  });
}

test("an admin logging the user out at the IdP ends the portal session (back-channel logout)", async ({ browser }) => {
  const context = await signedIn(browser);
  const page = await context.newPage();
  await page.goto("/meetings");
  await expect(page.getByTestId("user-name")).toBeVisible();
  const [{ subject }] = (await sql<{ subject: string }>(`select subject from "User" where email = $1`, [`${USER}@example.test`])) as [{ subject: string }];
  // This sign-in's kept ID token (the newest row of the user's), which the logout token names by sid.
  const signIn = `select s.id from "SignInSession" s join "User" u on u.id = s."userId" where u.subject = $1 order by s."createdAt" desc limit 1`;
  const [{ id: signInId }] = (await sql<{ id: string }>(signIn, [subject])) as [{ id: string }];
  // Keycloak's admin REST call; the dev IdP takes the client secret in place of an admin's token.
  const idp = e2eEnv.KEYCLOAK_ISSUER.replace(/\/realms\/.*$/, "");
  const res = await fetch(`${idp}/admin/realms/portal/users/${subject}/logout`, { method: "POST", headers: { Authorization: `Bearer ${e2eEnv.KEYCLOAK_CLIENT_SECRET}` } });
  expect(res.status).toBe(204);
  // Issue 14: ending the session at Keycloak did not reach the portal.
  await expectSignedOut(context);
  expect(await sql(`select 1 from "SignInSession" where id = $1`, [signInId])).toEqual([]);
  await context.close();
});

test("the back-channel logout route refuses anything but a valid logout token", async ({ request }) => {
  for (const body of ["", "logout_token=not.a.jwt", `logout_token=${Buffer.from('{"alg":"none"}').toString("base64url")}.e30.`]) {
    const res = await request.post("/api/auth/backchannel-logout", { headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: body });
    expect(res.status(), body).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
  }
});
