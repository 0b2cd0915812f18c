// Every bad input is a clear error and nothing is stored, whether the browser's checks run or not.
import { expect, test } from "@playwright/test";
import { countMeetings, sql } from "./db";
import { storageStateFor } from "./env";
import { futureLocal, scheduleMeeting, submitMeetingForm } from "./fixtures";
import { actionId, callAction, renderedFormFields } from "./server-actions";

const pastLocal = () => `${new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)}T10:00`;

const CASES = [
  { name: "empty title", fill: { title: "" }, error: "Give the meeting a title" },
  { name: "over-long title", fill: { title: "x".repeat(121) }, error: "Keep the title to 120 characters" },
  { name: "start in the past", fill: { start: pastLocal() }, error: "The start is in the past" },
  { name: "duration 0", fill: { duration: 0 }, error: "A meeting lasts at least 5 minutes" },
  { name: "duration 10 days", fill: { duration: 14_400 }, error: "A meeting lasts at most 12 hours" },
  { name: "an invalid invitee", fill: { invitees: "emil@example.test, not-an-address" }, error: '"not-an-address" is not a valid email address' },
  { name: "an invitee with a header injection", fill: { invitees: "Eve\u0085Bcc: all@outside.test <eve@outside.test>" }, error: "Remove control characters" },
];

for (const javaScriptEnabled of [true, false]) {
  test.describe(`schedule form with JavaScript ${javaScriptEnabled ? "on (shared schema in the browser)" : "off (server action alone)"}`, () => {
    test.use({ storageState: storageStateFor("erin"), javaScriptEnabled });

    for (const c of CASES) {
      test(`${c.name}: a clear error, nothing stored, nothing typed lost`, async ({ page }) => {
        const before = await countMeetings();
        const m = { title: "Quarterly planning", start: futureLocal(3), duration: 45, ...c.fill };
        await submitMeetingForm(page, m);
        await expect(page.getByText(c.error)).toBeVisible();
        await expect(page).toHaveURL(/\/meetings\/new$/);
        await expect(page.getByLabel("Title")).toHaveValue(m.title);
        expect(await countMeetings()).toBe(before);
      });
    }
  });
}

test.describe("ids and markup", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("malformed ids: a 404 page and a 400 from the API", async ({ page }) => {
    expect((await page.goto("/meetings/not-a-uuid"))?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    const res = await page.request.post("/api/meetings/not-a-uuid/token");
    expect(res.status()).toBe(400);
    expect((await res.json()).error).toEqual({ code: "invalid_id", message: "That is not a valid meeting id." });
    expect((await page.request.post("/api/meetings/00000000-0000-4000-8000-000000000000/token")).status()).toBe(404);
  });

  test("HTML in a title is shown as text", async ({ page }) => {
    const title = `<img src=x onerror="window.__pwned=1">Review`;
    let dialogs = 0;
    page.on("dialog", () => void dialogs++);
    await scheduleMeeting(page, { title, start: futureLocal(4) });
    await expect(page.getByTestId("meeting-title")).toHaveText(title);
    await expect(page.getByTestId("meeting-title").locator("img")).toHaveCount(0);
    expect(await page.evaluate(() => "__pwned" in window)).toBe(false);
    expect(dialogs).toBe(0);
  });

  test("security headers: nonce CSP framing only Jitsi, no referrer beyond the portal", async ({ page }) => {
    const res = await page.goto("/meetings");
    const csp = res!.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' https:\/\/meet\.e2e\.test(;|$)/);
    expect(csp).toContain("frame-src https://meet.e2e.test");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res!.headers()["referrer-policy"]).toBe("same-origin");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.includes("next-auth.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });
});

test.describe("arguments of the wrong type (issue 21): a clear refusal, never a 500, nothing stored", () => {
  test.use({ storageState: storageStateFor("erin") });
  const createMeeting = () => actionId("lib/actions/meetings.ts", "createMeetingAction");

  test("a meeting form sent as a plain object", async ({ page }) => {
    const before = await countMeetings();
    const res = await callAction(page.request, "/meetings/new", createMeeting(), [null, { title: "Planted", start: futureLocal(3), timeZone: "UTC", durationMinutes: "30" }]);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("Send the form.");
    expect(await countMeetings()).toBe(before);
  });

  test("a guest link token sent as an array", async ({ page }) => {
    const token = "A".repeat(43);
    const res = await callAction(page.request, `/join/${token}`, actionId("lib/actions/invites.ts", "enterAsGuestAction"), [[token], null, "$K1"], { name: "Gus" });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("This invitation link is not valid");
  });

  test("a malformed %-escape under /join/ is the invalid-link page", async ({ page }) => {
    const res = await page.goto("/join/%E0%A4%A");
    expect(res?.status()).toBe(404);
    await expect(page.getByText("This invitation link is not valid")).toBeVisible();
    const api = await page.request.post("/api/join/%E0%A4%A/token");
    expect(api.status()).toBe(404);
    expect((await api.json()).error.code).toBe("invalid_link");
  });

  test("a malformed %-escape anywhere is a 400, not Next's 500", async ({ page }) => {
    for (const path of ["/meetings/%E0%A4%A", "/api/calendar/%E0%A4%A", "/api/auth/x%ZZ", "/api/meetings/%E0%A4%A/token"]) {
      expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(400);
    }
  });

  test("next-auth's endpoints answer garbage below 500", async ({ page }) => {
    for (const path of [`/api/auth/${"x".repeat(4000)}`, "/api/auth/session?x[]=1&y={}", "/api/auth/callback/keycloak?code[]=1&state={}"]) {
      expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBeLessThan(500);
    }
    const post = await page.request.post("/api/auth/signin/keycloak", { headers: { "Content-Type": "application/json" }, data: "[1,2]", maxRedirects: 0 });
    expect(post.status()).toBeLessThan(500);
  });

  test("two identical schedule posts 20 ms apart, as a double click without JavaScript: one meeting, one mail", async ({ page }) => {
    const title = `Double click ${Date.now()}`;
    const guest = `double-${Date.now()}@example.net`;
    // What the browser posts: the page's hidden fields (the action and the form's key) and the fields typed.
    const fields: Record<string, string> = { ...(await renderedFormFields(page.request, "/meetings/new")), title, start: futureLocal(5), timeZone: "UTC", durationMinutes: "30", invitees: guest };
    expect(fields.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const post = () => page.request.post("/meetings/new", { multipart: fields, maxRedirects: 0 });
    const first = post();
    await new Promise((r) => setTimeout(r, 20));
    const answers = await Promise.all([first, post()]);
    const meetings = await sql<{ id: string }>(`select id from "Meeting" where title = $1`, [title]);
    expect(meetings).toHaveLength(1);
    for (const a of answers) expect(a.headers().location ?? "", "both land on the one meeting").toContain(`/meetings/${meetings[0]!.id}`);
    expect(Number((await sql<{ n: string }>(`select count(*) as n from "OutboxMessage" where "to" like $1`, [`%${guest}%`]))[0]!.n)).toBe(1);
  });
});
