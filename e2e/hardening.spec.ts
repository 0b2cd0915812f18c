// Issue 14, as an attacker tried it: redirects after sign-in, cross-site and oversized requests,
// link limits for signed-in people, links of a suspended creator, token-route throttling.
import { randomUUID } from "node:crypto";
import { type APIResponse, type Browser, expect, test } from "@playwright/test";
import { hashLinkToken, linkToken, newLinkSalt } from "../lib/invites/link-token";
import { sql } from "./db";
import { e2eEnv, portalUrl, storageStateFor } from "./env";
import { conferencePage, jitsiStandIn, pageAs } from "./fixtures";

const FOREIGN = "http://meet.e2e.test"; // a sibling host: same site, so SameSite=Lax cookies ride along
const userId = async (email: string) => (await sql<{ id: string }>(`select id from "User" where email = $1`, [email]))[0]!.id;

/** A meeting that is open now, owned by `owner`. */
async function openMeeting(owner: string): Promise<string> {
  const rows = await sql<{ id: string }>(
    `insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt")
     select gen_random_uuid(), id, 'Hardening ' || now(), now() + interval '5 minutes', now() + interval '1 hour', 55, 'UTC', now()
     from "User" where email = $1 returning id`,
    [owner],
  );
  return rows[0]!.id;
}

async function inviteLink(meetingId: string, creator: string, opts: { maxUses?: number; label?: string } = {}) {
  const id = randomUUID();
  const salt = newLinkSalt();
  const token = linkToken(e2eEnv.ROOM_NAME_SECRET, id, salt);
  await sql(
    `insert into "InviteLink" (id, "meetingId", "tokenHash", salt, lobby, "expiresAt", "createdById", "maxUses", label)
     select $1, $2, $3, $4, true, now() + interval '1 day', id, $6, $7 from "User" where email = $5`,
    [id, meetingId, hashLinkToken(token), salt, creator, opts.maxUses ?? null, opts.label ?? ""],
  );
  return { id, token };
}

const suspend = async (browser: Browser, email: string, suspended: boolean) => {
  const ada = await pageAs(browser, "ada");
  const res = await ada.page.request.put(`/api/admin/users/${await userId(email)}/suspension`, { data: { suspended } });
  expect(res.status()).toBe(200);
  await ada.context.close();
};

for (const javaScriptEnabled of [true, false]) {
  test(`sign-in redirects never leave the portal and never fail (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("erin"), javaScriptEnabled });
    const page = await context.newPage();
    // Issue 14: values starting with "/" that a browser resolves to another host, and values that made a 500.
    for (const raw of ["%2F%2Fevil.test", "%2F%5Cevil.test", "%2F%255Cevil.test", "%09%2Fevil.test", "%2F%09%2Fevil.test", "https%3A%2F%2Fevil.test%2F", "%2F%0D%0ASet-Cookie%3A%20x%3D1", "%2F%00"]) {
      const res = await page.goto(`/login?callbackUrl=${raw}`);
      expect(res!.status(), raw).toBeLessThan(500);
      expect(page.url(), raw).toBe(`${portalUrl}/meetings`);
    }
    await page.goto("/login?callbackUrl=%2Fcalendar%3Fx%3D1");
    expect(page.url()).toBe(`${portalUrl}/calendar?x=1`);
    await context.close();
  });
}

test("next-auth's own redirect target stays on the portal", async ({ request }) => {
  const res = await request.get("/api/auth/signin?callbackUrl=%2F%5Cevil.test", { maxRedirects: 0 });
  const cookie = res.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.includes("callback-url="));
  expect(cookie, "next-auth remembers a callback URL").toBeTruthy();
  const url = decodeURIComponent(/callback-url=([^;]*)/.exec(cookie!.value)![1]!);
  expect(url).toBe(`${portalUrl}/meetings`);
});

test("state-changing route handlers refuse cross-site, non-JSON and oversized requests", async ({ browser }) => {
  const ada = await pageAs(browser, "ada");
  const matrix = async () => (await ada.page.request.get("/api/admin/permissions")).json();
  const before = await matrix();
  const grant = JSON.stringify({ permission: "RECORD", subjectType: "GROUP", subject: "sales" });
  // Issue 14: a text/plain POST from the Jitsi host changed the permission matrix as an admin.
  const crossSite = await ada.page.request.post("/api/admin/permissions", { headers: { Origin: FOREIGN, "Content-Type": "text/plain" }, data: grant });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("cross_site");
  const plain = await ada.page.request.post("/api/admin/permissions", { headers: { "Content-Type": "text/plain" }, data: grant });
  expect(plain.status()).toBe(403);
  expect((await plain.json()).error.code).toBe("json_required");
  // Issue 14: the admin API accepted a 50 MB body.
  const huge = await ada.page.request.put("/api/admin/settings", { headers: { "Content-Type": "application/json" }, data: `{"x":"${"a".repeat(5 * 1024 * 1024)}"}` });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.code).toBe("too_large");
  expect(await matrix()).toEqual(before);

  const meetingId = await openMeeting("ada@example.test");
  for (const path of [`/api/meetings/${meetingId}/token`, `/api/join/${"A".repeat(43)}/token`, "/api/admin/purge", "/logout"]) {
    const res = await ada.page.request.post(path, { headers: { Origin: FOREIGN }, maxRedirects: 0 });
    expect(res.status(), path).toBe(403);
    // /logout is a form target: proxy.ts answers it with a page, the API with JSON.
    if (path.startsWith("/api/")) expect((await res.json()).error.code, path).toBe("cross_site");
  }
  // The refused logout ended nothing.
  expect((await ada.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(200);
  await ada.context.close();
});

test("server actions refused for their origin or size answer 403 and 413, not 500", async ({ request }) => {
  const action = { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" };
  const foreign = await request.post("/meetings/new", { headers: { ...action, Origin: FOREIGN }, data: "[]" });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.code).toBe("cross_site");
  const large = await request.post("/meetings/new", { headers: action, data: "x".repeat(2 * 1024 * 1024) });
  expect(large.status()).toBe(413);
});

for (const javaScriptEnabled of [true, false]) {
  test(`a form on another site posting to a server action gets 403 (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    // The browser itself says where the form came from.
    const context = await browser.newContext({ storageState: storageStateFor("erin"), javaScriptEnabled });
    const page = await context.newPage();
    await page.route(`${FOREIGN}/**`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<form method="post" action="${portalUrl}/meetings/new" enctype="multipart/form-data"><input name="title" value="Planted"><button>Go</button></form>`,
      }),
    );
    await page.goto(`${FOREIGN}/attack`);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(portalUrl)), page.getByRole("button", { name: "Go" }).click()]);
    expect(res.status()).toBe(403);
    await expect(page.locator("h1")).toHaveText("Refused");
    await context.close();
  });
}

test("a signed-in person with no right of their own is bound by the link's uses", async ({ browser }) => {
  const meetingId = await openMeeting("erin@example.test");
  const { id, token } = await inviteLink(meetingId, "erin@example.test", { maxUses: 1 });
  const uses = async () => (await sql<{ uses: number }>(`select uses from "InviteLink" where id = $1`, [id]))[0]!.uses;
  const emil = await pageAs(browser, "emil"); // no right to erin's meeting
  expect((await emil.page.request.post(`/api/join/${token}/token`)).status()).toBe(200);
  // A renewal and a reload take no further use.
  expect((await emil.page.request.post(`/api/join/${token}/token`)).status()).toBe(200);
  expect((await emil.page.goto(`/join/${token}`))!.status()).toBe(200);
  expect(await uses()).toBe(1);
  // Issue 14: a signed-in newcomer on a used-up link still got a token.
  const nora = await pageAs(browser, "nora");
  expect((await nora.page.goto(`/join/${token}`))!.status()).toBe(404);
  const refused = await nora.page.request.post(`/api/join/${token}/token`);
  expect(refused.status()).toBe(404);
  expect((await refused.json()).error.code).toBe("invalid_link");
  // Whoever has a right of their own is not bound: the owner.
  const erin = await pageAs(browser, "erin");
  expect((await erin.page.request.post(`/api/join/${token}/token`)).status()).toBe(200);
  expect(await uses()).toBe(1);
  await Promise.all([emil.context.close(), nora.context.close(), erin.context.close()]);
});

test("links stop with their creator's suspension, come back with reinstatement, or live on when the owner re-issues them", async ({ browser }) => {
  const meetingId = await openMeeting("erin@example.test");
  const links = { plain: await inviteLink(meetingId, "emil@example.test"), js: await inviteLink(meetingId, "emil@example.test", { label: "Reissue with JS" }), nojs: await inviteLink(meetingId, "emil@example.test", { label: "Reissue without JS" }) };
  const nora = await pageAs(browser, "nora");
  const tokenStatus = async (token: string) => (await nora.page.request.post(`/api/join/${token}/token`)).status();
  expect(await tokenStatus(links.plain.token)).toBe(200);
  try {
    await suspend(browser, "emil@example.test", true);
    // Issue 14: guests still joined through links a suspended person created.
    expect(await tokenStatus(links.plain.token)).toBe(404);
    expect((await nora.page.goto(`/join/${links.plain.token}`))!.status()).toBe(404);
    await suspend(browser, "emil@example.test", false);
    expect(await tokenStatus(links.plain.token)).toBe(200);

    await suspend(browser, "emil@example.test", true);
    for (const javaScriptEnabled of [true, false]) {
      const label = javaScriptEnabled ? "Reissue with JS" : "Reissue without JS";
      const context = await browser.newContext({ storageState: storageStateFor("erin"), javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`/meetings/${meetingId}`);
      const row = page.getByTestId("link-row").filter({ hasText: label });
      await expect(row.getByTestId("link-state")).toHaveText("Suspended with its creator");
      await row.getByRole("button", { name: "Re-issue as mine" }).click();
      await expect(page.getByTestId("link-row").filter({ hasText: label }).getByTestId("link-state")).toHaveText("Active");
      await context.close();
    }
    expect(await tokenStatus(links.js.token)).toBe(200);
    expect(await tokenStatus(links.nojs.token)).toBe(200);
    expect(await tokenStatus(links.plain.token)).toBe(404);
  } finally {
    await suspend(browser, "emil@example.test", false);
    await nora.context.close();
  }
});

test("token requests per person: 429 with Retry-After past the limit; reloads and renewals never reach it", async ({ browser }) => {
  const meetingId = await openMeeting("erin@example.test");
  const erin = await pageAs(browser, "erin");
  const jitsi = jitsiStandIn();
  await jitsi.attach(erin.page);
  for (let reload = 0; reload < 5; reload++) {
    await erin.page.goto(`/meetings/${meetingId}/room`);
    expect((await conferencePage(jitsi, erin.page)).jwt).toBeTruthy();
    expect((await erin.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(200);
  }

  // Issue 14: nothing throttled the token routes for signed-in users. Twice the limit plus one, so a
  // minute boundary inside the run cannot split the count below the limit.
  const nora = await pageAs(browser, "nora");
  let limited: APIResponse | undefined;
  for (let i = 0; i < 2 * Number(e2eEnv.RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE) + 1 && !limited; i++) {
    const res = await nora.page.request.post(`/api/meetings/${randomUUID()}/token`);
    if (res.status() === 429) limited = res;
    else expect(res.status()).toBe(404);
  }
  expect(limited, "the limit is reached").toBeTruthy();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited!.json()).error.code).toBe("rate_limited");
  // Someone else is not affected.
  expect((await erin.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(200);
  await Promise.all([erin.context.close(), nora.context.close()]);
  // Later specs start with a clean count.
  await sql(`delete from "RateLimit" where key like 'token-user:%'`);
});
