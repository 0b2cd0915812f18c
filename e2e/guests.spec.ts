// Guests through invite links: a name, a waiting page, a guest token; revocation; one answer for
// every unusable link; rate limits; names in any script, never as markup.
import { expect, test } from "@playwright/test";
import { decodeJwt, jwtVerify } from "jose";
import { roomNameFor } from "../lib/jitsi/room";
import { sql } from "./db";
import { e2eEnv, storageStateFor } from "./env";
import { conferencePage, createLink, futureLocal, guestPage, jitsiStandIn, localInMinutes, pageAs, scheduleMeeting } from "./fixtures";

const secretKey = new TextEncoder().encode(e2eEnv.JITSI_APP_SECRET);

test.describe("invite links", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("a guest names themself, waits for the opening, joins with a guest token; revoking refuses the next token", async ({ page, browser }) => {
    const meetingId = await scheduleMeeting(page, { title: `Partner call ${Date.now()}`, start: futureLocal(1), lobby: true });
    const { url, token } = await createLink(page, { label: "Acme partners", lobby: true });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(page.getByTestId("link-list")).toContainText("Acme partners");
    await expect(page.getByTestId("link-list")).toContainText("Erin Employee");
    // The meeting opens 10 minutes before its start: move the start to just over 10 minutes away.
    await sql(`update "Meeting" set "startsAt" = now() + interval '10 minutes 6 seconds', "endsAt" = now() + interval '1 hour' where id = $1`, [meetingId]);

    const guest = await guestPage(browser);
    const jitsi = jitsiStandIn();
    await jitsi.attach(guest.page);
    await guest.page.goto(url);
    await expect(guest.page.getByTestId("meeting-title")).toContainText("Partner call");
    await guest.page.getByLabel("Your name").fill("  Zoë 👋  ");
    await guest.page.getByRole("button", { name: "Continue" }).click();
    await expect(guest.page.getByTestId("waiting")).toContainText("You are early, Zoë 👋");
    // Joins by itself once the meeting opens.
    const call = await conferencePage(jitsi, guest.page);
    await expect(guest.page.getByTestId("waiting")).toHaveCount(0);
    expect(call.room).toBe(roomNameFor(meetingId, e2eEnv.ROOM_NAME_SECRET));
    const { payload } = await jwtVerify(call.jwt!, secretKey, { audience: "jitsi", issuer: e2eEnv.JITSI_APP_ID, clockTolerance: 0 });
    expect(payload.room).toBe(call.room);
    const ctx = payload.context as { user: Record<string, unknown>; features: Record<string, unknown> };
    expect(ctx.user).toMatchObject({ name: "Zoë 👋 (guest)", moderator: false, affiliation: "member", lobby_bypass: false });
    expect(ctx.user.email).toBeUndefined();
    // The link it came through and a random id of this guest (presence names guests by their link).
    expect(ctx.user.id).toMatch(/^guest:[0-9a-f-]{36}:[0-9a-f-]{36}$/);
    expect(ctx.features).toMatchObject({ recording: false, livestreaming: false, lobby_bypass: false });
    // No guest name is stored anywhere in the database.
    expect(JSON.stringify(await sql(`select * from "InviteLink" where "meetingId" = $1`, [meetingId]))).not.toContain("Zoë");

    await page.reload();
    await page.getByTestId("link-row").filter({ hasText: "Acme partners" }).getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByTestId("link-row").filter({ hasText: "Acme partners" }).getByTestId("link-state")).toHaveText("Revoked");
    const refused = await guest.page.request.post(`/api/join/${token}/token`);
    expect(refused.status()).toBe(404);
    expect((await refused.json()).error.code).toBe("invalid_link");
    await guest.context.close();
  });

  test("each guest gets a fresh id; a no-lobby link bypasses it; a signed-in employee joins as themself", async ({ page, browser }) => {
    await scheduleMeeting(page, { title: `Open house ${Date.now()}`, start: localInMinutes(5) });
    const { url, token } = await createLink(page, { label: "Open", lobby: false });
    const ids: unknown[] = [];
    for (const name of ["Ana", "Ben"]) {
      const guest = await guestPage(browser);
      await guest.page.goto(url);
      await guest.page.getByLabel("Your name").fill(name);
      await guest.page.getByRole("button", { name: "Continue" }).click();
      await expect(guest.page.getByLabel("Your name")).toHaveCount(0);
      const res = await guest.page.request.post(`/api/join/${token}/token`);
      expect(res.status()).toBe(200);
      const claims = decodeJwt((await res.json()).token) as { context: { user: { id: string }; features: { lobby_bypass: boolean } } };
      expect(claims.context.features.lobby_bypass).toBe(true);
      ids.push(claims.context.user.id);
      await guest.context.close();
    }
    expect(new Set(ids).size).toBe(2);

    const emil = await pageAs(browser, "emil");
    await emil.page.goto(url);
    await expect(emil.page.getByLabel("Your name")).toHaveCount(0);
    const res = await emil.page.request.post(`/api/join/${token}/token`);
    const claims = decodeJwt((await res.json()).token) as { context: { user: Record<string, unknown> } };
    expect(claims.context.user).toMatchObject({ name: "Emil Employee", moderator: false });
    expect(claims.context.user.email).toBeUndefined();
    await emil.context.close();
  });

  test("expired, used-up, revoked, unknown and malformed links: the same page and status", async ({ page, browser }) => {
    const meetingId = await scheduleMeeting(page, { title: `Secret board meeting ${Date.now()}`, start: futureLocal(2) });
    const expired = await createLink(page, { label: "expired" });
    const usedUp = await createLink(page, { label: "used up", maxUses: 1 });
    const revoked = await createLink(page, { label: "revoked" });
    await sql(`update "InviteLink" set "expiresAt" = now() - interval '1 minute' where label = 'expired' and "meetingId" = $1`, [meetingId]);
    await sql(`update "InviteLink" set uses = 1 where label = 'used up' and "meetingId" = $1`, [meetingId]);
    await sql(`update "InviteLink" set "revokedAt" = now() where label = 'revoked' and "meetingId" = $1`, [meetingId]);
    const unknown = `/join/${"A".repeat(21)}${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url").slice(0, 22)}`;

    const guest = await guestPage(browser);
    const seen = new Set<string>();
    for (const path of [expired.url, usedUp.url, revoked.url, unknown, "/join/not-a-token", "/join/%3Cscript%3E"]) {
      const res = await guest.page.goto(path);
      expect(res?.status(), path).toBe(404);
      seen.add(`${await guest.page.title()}|${await guest.page.locator("main").innerText()}`);
      const api = await guest.page.request.post(`${path.replace("/join/", "/api/join/")}/token`);
      expect(api.status(), path).toBe(404);
      seen.add(JSON.stringify(await api.json()));
    }
    expect([...seen]).toHaveLength(2); // one page, one API answer, whatever the reason (shown when not)
    expect([...seen].join()).not.toContain("Secret board meeting");
    await guest.context.close();
  });

  test("guest names: markup shown as text, any script, clear errors for too long or blank", async ({ page, browser }) => {
    await scheduleMeeting(page, { title: `Names ${Date.now()}`, start: futureLocal(3) });
    const { url } = await createLink(page, { label: "names" });
    const cases: [string, string | null][] = [
      ["<b>bold</b><img src=x onerror=alert(1)>", null],
      ["مرحبا بالعالم", null],
      ["🙂🙂 Ünïcødé", null],
      ["x".repeat(65), "Keep your name to 64 characters"],
      ["     ", "Enter your name"],
    ];
    for (const [name, error] of cases) {
      const guest = await guestPage(browser);
      let dialogs = 0;
      guest.page.on("dialog", () => void dialogs++);
      await guest.page.goto(url);
      await guest.page.getByLabel("Your name").fill(name);
      await guest.page.getByRole("button", { name: "Continue" }).click();
      if (error) {
        await expect(guest.page.getByText(error)).toBeVisible();
        await expect(guest.page.getByLabel("Your name")).toHaveValue(name);
      } else {
        await expect(guest.page.getByTestId("waiting")).toContainText(name.trim());
        await expect(guest.page.getByTestId("waiting").locator("b, img")).toHaveCount(0);
      }
      expect(dialogs).toBe(0);
      await guest.context.close();
    }
  });
});

test("guessing links from one address hits the rate limit: 429, a clear message, Retry-After", async ({ page }) => {
  const headers = { "X-Forwarded-For": `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
  let limited: import("@playwright/test").APIResponse | undefined;
  // Fixed one-minute windows: guesses straddling a minute boundary split between two windows, so
  // twice the limit plus one guarantees one window overflows.
  const guesses = 2 * Number(e2eEnv.RATE_LIMIT_PER_ADDRESS_PER_MINUTE) + 1;
  for (let i = 0; i < guesses && !limited; i++) {
    const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url").slice(0, 43);
    const res = await page.request.get(`/join/${token}`, { headers });
    if (res.status() === 429) limited = res;
    else expect(res.status()).toBe(404);
  }
  expect(limited, `rate limit reached within ${guesses} guesses`).toBeTruthy();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited!.text()).toContain("Too many attempts");
  const api = await page.request.post(`/api/join/${"B".repeat(43)}/token`, { headers });
  expect(api.status()).toBe(429);
  expect((await api.json()).error.message).toMatch(/Too many attempts/);
  // Other addresses are not affected.
  expect((await page.request.get(`/join/${"C".repeat(43)}`, { headers: { "X-Forwarded-For": "198.51.100.7" } })).status()).toBe(404);
});
