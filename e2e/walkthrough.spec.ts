// The product as its users see it (issue 16): an organiser, a colleague, a guest, a person with no
// portal role and an admin walk the main paths at desktop (1280 px) and phone (390 px) width. Where the
// look is the point a screenshot goes to reports/walkthrough/ (not committed); every page is checked
// for horizontal page scroll at phone width. The first page after sign-in stays under its JavaScript
// budget (gzip), reported in reports/js-budget.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { type Browser, type Page, expect, test } from "@playwright/test";
import type { DemoUser } from "./env";
import { createLink, futureLocal, guestPage, openForm, pageAs, scheduleMeeting } from "./fixtures";

const SHOTS = "reports/walkthrough";
const JS_BUDGET_GZIP = 150_000;
const WIDTHS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;
type Width = (typeof WIDTHS)[number];

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function look(page: Page, w: Width, name: string) {
  // No page-wide horizontal scroll: a table may scroll inside itself, the page may not.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at ${w.width} px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/${name}-${w.name}.png`, fullPage: true });
}

const as = (browser: Browser, user: DemoUser, w: Width) => pageAs(browser, user, { viewport: { width: w.width, height: w.height }, locale: "en-GB", timezoneId: "Europe/Berlin" });

test("the first page after sign-in loads under 150 kB of JavaScript (gzip)", async ({ browser }) => {
  const { page, context } = await as(browser, "erin", WIDTHS[0]);
  const scripts = new Map<string, number>();
  const reads: Promise<void>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    reads.push(res.body().then((body) => void scripts.set(res.url(), gzipSync(body).length)));
  });
  await page.goto("/meetings");
  await page.waitForLoadState("networkidle");
  await Promise.all(reads);
  const total = [...scripts.values()].reduce((a, b) => a + b, 0);
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/js-budget.json", JSON.stringify({ page: "/meetings", budgetGzipBytes: JS_BUDGET_GZIP, totalGzipBytes: total, scripts: Object.fromEntries(scripts) }, null, 2));
  console.log(`/meetings loads ${scripts.size} scripts, ${(total / 1000).toFixed(1)} kB gzip (budget ${JS_BUDGET_GZIP / 1000} kB)`);
  expect(scripts.size).toBeGreaterThan(0);
  expect(total).toBeLessThan(JS_BUDGET_GZIP);
  await context.close();
});

test("first impressions: a favicon, a styled sign-in page, a skip link", async ({ browser }) => {
  for (const w of WIDTHS) {
    const { page, context } = await guestPage(browser, { viewport: { width: w.width, height: w.height } });
    expect((await page.request.get("/favicon.ico")).headers()["content-type"]).toMatch(/image/);
    expect((await page.request.get("/icon.svg")).status()).toBe(200);
    await page.goto("/login");
    await page.getByRole("button", { name: /sign in/i }).click();
    await expect(page.locator("#kc-form-login")).toBeVisible();
    // Styled: a card on a tinted page, a full-width button in the brand colour.
    const button = page.locator("#kc-login");
    expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(29, 95, 209)");
    await look(page, w, "sign-in");
    await page.locator("#username").fill("erin");
    await page.locator("#password").fill("erin-demo-pass");
    await button.click();
    await expect(page.getByTestId("user-name")).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await skip.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    await context.close();
  }
});

for (const w of WIDTHS) {
  test.describe(`at ${w.width} px`, () => {
    test("organiser: the meeting page leads with the meeting and Join; forms open on demand", async ({ browser }) => {
      const { page, context } = await as(browser, "erin", w);
      await page.goto("/meetings");
      await look(page, w, "meetings-organiser");

      // The schedule form shows repeat fields only once the meeting repeats.
      await page.goto("/meetings/new");
      await expect(page.getByLabel("Number of meetings")).toBeHidden();
      await page.getByLabel("Repeat", { exact: true }).selectOption("weekly");
      await expect(page.getByLabel("Number of meetings")).toBeVisible();
      await expect(page.getByText("Weekly on")).toBeVisible();
      await expect(page.getByLabel("Monthly on")).toBeHidden();
      await page.getByLabel("Repeat", { exact: true }).selectOption("none");
      await expect(page.getByLabel("Number of meetings")).toBeHidden();
      // A wall time the clocks skip is refused with the reason, before anything is sent.
      await page.getByLabel("Title").fill("Spring forward");
      await page.getByLabel("Starts").fill("2030-03-31T02:30");
      await page.getByLabel("Time zone").selectOption("Europe/Berlin");
      await page.getByRole("button", { name: "Schedule" }).click();
      await expect(page.locator("#start-error")).toHaveText(/02:30 does not exist on 31 March 2030 in Europe\/Berlin: the clocks go forward then/);
      await look(page, w, "schedule-form");

      const title = `Walkthrough ${w.name} ${Date.now()}`;
      const meetingId = await scheduleMeeting(page, { title, start: futureLocal(1), timeZone: "Europe/Berlin" });
      // The people, a link and two email invitations: what made the page a wall of forms.
      await openForm(page, "Add a person");
      await page.getByLabel("Add a person by email").fill("emil@example.test");
      await page.getByRole("button", { name: "Add person" }).click();
      await expect(page.getByTestId("member-list")).toContainText("Emil Employee");
      await openForm(page, "Invite by email");
      await page.getByLabel(/^Email addresses/).fill("first@outside.test, second@outside.test");
      await page.getByRole("button", { name: "Send invitations" }).click();
      await expect(page.getByRole("list", { name: "Invitations", exact: true })).toContainText("second@outside.test");
      const { url } = await createLink(page, { label: "Partners" });

      await page.goto(`/meetings/${meetingId}`);
      const join = page.getByRole("link", { name: "Join meeting" });
      await expect(page.getByTestId("meeting-title")).toHaveText(title);
      // The first screen shows the meeting and Join; closed forms keep the page short.
      const box = (await join.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(w.height);
      for (const label of [/^Email addresses/, /^Label \(optional\)/, /^Add a person by email/]) await expect(page.getByLabel(label)).toBeHidden();
      await expect(page.getByRole("navigation", { name: "On this page" })).toContainText("People and invitations");
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      // Every form open is how the page used to be: the measure of what the structure saves.
      const allOpen = await page.evaluate(() => {
        for (const d of document.querySelectorAll("details")) d.open = true;
        const h = document.documentElement.scrollHeight;
        for (const d of document.querySelectorAll("details")) d.open = false;
        return h;
      });
      console.log(`meeting page at ${w.width} px: ${height} px tall (${allOpen} px with every form open), Join ends at ${Math.round(box.y + box.height)} px`);
      writeFileSync(`${SHOTS}/meeting-page-${w.name}.json`, JSON.stringify({ width: w.width, pageHeight: height, pageHeightAllFormsOpen: allOpen, joinBottom: box.y + box.height }));
      if (w.width === 1280) expect(height).toBeLessThan(1600);
      // Each email invitation's link says whom it is for; the organiser line says who you are.
      await expect(page.getByTestId("link-row").filter({ hasText: "Email invitation for first@outside.test" })).toHaveCount(1);
      await expect(page.getByTestId("link-row").filter({ hasText: "Email invitation for second@outside.test" })).toHaveCount(1);
      await expect(page.getByTestId("meeting-organiser")).toContainText("you are the organiser");
      // "Copied" only after copying, and only when the clipboard took it.
      const row = page.getByTestId("link-row").filter({ hasText: "Partners" });
      await expect(row.getByTestId("copy-state")).toHaveText("");
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await row.getByRole("button", { name: "Copy link" }).click();
      await expect(row.getByTestId("copy-state")).toHaveText("Copied");
      await page.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } }));
      const other = page.getByTestId("link-row").filter({ hasText: "first@outside.test" });
      await other.getByRole("button", { name: "Copy link" }).click();
      await expect(other.getByTestId("copy-state")).toHaveText(/Could not copy/);
      await look(page, w, "meeting-organiser");
      await openForm(page, "Create an invite link");
      await look(page, w, "meeting-organiser-link-form");

      // The colleague sees the meeting and Join, with their role in words.
      const emil = await as(browser, "emil", w);
      await emil.page.goto(`/meetings/${meetingId}`);
      await expect(emil.page.getByRole("link", { name: "Join meeting" })).toBeVisible();
      await expect(emil.page.getByTestId("meeting-organiser")).toContainText("you are a participant");
      await look(emil.page, w, "meeting-colleague");

      // The guest opens the link and is asked for a name.
      const guest = await guestPage(browser, { viewport: { width: w.width, height: w.height } });
      await guest.page.goto(url);
      await expect(guest.page.getByLabel("Your name")).toBeVisible();
      await look(guest.page, w, "guest-join");

      // An admin looking through "see every meeting" is told so, in words.
      const ada = await as(browser, "ada", w);
      await ada.page.goto(`/meetings/${meetingId}`);
      await expect(ada.page.getByTestId("meeting-organiser")).toContainText("you are not invited: you see it because you may see every meeting");
      await expect(ada.page.getByTestId("meeting-organiser")).not.toContainText("none");
      await Promise.all([context.close(), emil.context.close(), guest.context.close(), ada.context.close()]);
    });

    test("a person with no portal role is told what they can do", async ({ browser }) => {
      const { page, context } = await as(browser, "nora", w);
      await page.goto("/meetings");
      await expect(page.getByTestId("no-role-note")).toContainText("You can join every meeting you are invited to");
      await expect(page.getByRole("link", { name: "Schedule a meeting" })).toHaveCount(0);
      await look(page, w, "meetings-no-role");
      await context.close();
    });

    test("admin: the audit log reads as sentences, the open tab is marked, the purge runs after a confirmation", async ({ browser }) => {
      const { page, context } = await as(browser, "ada", w);
      await page.goto("/admin/audit");
      await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "People" })).not.toHaveAttribute("aria-current", "page");
      const entries = page.getByTestId("audit-text");
      // Names and titles, not codes, ids or JSON.
      await expect(entries.first()).toBeVisible();
      for (const text of await entries.allInnerTexts()) {
        expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|[{}]|\b(permission|settings|user|member|share|link|invitation|token|recording|purge)\.[a-z]+/);
      }
      const ids = page.getByTestId("audit-entry").first().getByText("Ids and details");
      await ids.click();
      await expect(page.getByTestId("audit-entry").first().locator("dl")).toBeVisible();
      await look(page, w, "admin-audit");
      await page.goto("/admin/audit?action=member.add");
      await expect(entries.filter({ hasText: /^Erin Employee added Emil Employee to “Walkthrough/ }).first()).toBeVisible();

      await page.goto("/admin/people");
      await look(page, w, "admin-people");
      await page.goto("/admin");
      await look(page, w, "admin-permissions");

      await page.goto("/admin/policy");
      await page.getByRole("link", { name: "Run purge now…" }).click();
      await expect(page.getByText("Delete everything that is past its retention now?")).toBeVisible();
      await page.getByRole("button", { name: "Yes, purge now" }).click();
      await expect(page.getByTestId("purge-result")).toContainText(/The purge ran: removed (nothing|\d)/);
      await look(page, w, "admin-policy");
      await page.goto("/admin/audit?action=purge.run");
      await expect(entries.first()).toContainText(/ran the purge: removed/);
      await context.close();
    });
  });
}

test("the purge's confirmation works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: "e2e/.auth/ada.json" });
  const page = await context.newPage();
  await page.goto("/admin/policy");
  await page.getByRole("link", { name: "Run purge now…" }).click();
  await page.getByRole("button", { name: "Yes, purge now" }).click();
  await expect(page.getByTestId("purge-result")).toContainText("The purge ran: removed");
  await context.close();
});
