// Admins manage rights: a group grant reaches a member's next token and leaves with its removal;
// suspension refuses at once; the audit log shows each change; nobody else reaches the admin API.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { sql } from "./db";
import { storageStateFor } from "./env";
import { futureLocal, pageAs, scheduleMeeting } from "./fixtures";

test.describe.configure({ mode: "serial" });

const recordingIn = async (request: APIRequestContext, meetingId: string) => {
  const res = await request.post(`/api/meetings/${meetingId}/token`);
  expect(res.status()).toBe(200);
  return (decodeJwt((await res.json()).token) as { context: { features: { recording: boolean } } }).context.features.recording;
};

test("an admin grants record to a group: its member records from the next token on, until it is removed", async ({ browser }) => {
  const erin = await pageAs(browser, "erin");
  const meetingId = await scheduleMeeting(erin.page, { title: `Recorded review ${Date.now()}`, start: futureLocal(1), recording: true });
  expect(await recordingIn(erin.page.request, meetingId)).toBe(false);

  const ada = await pageAs(browser, "ada");
  await ada.page.goto("/admin");
  const box = ada.page.getByLabel("Record for group engineering");
  const saved = (method: string) => ada.page.waitForResponse((r) => r.url().endsWith("/api/admin/permissions") && r.request().method() === method && r.ok());
  await Promise.all([saved("POST"), box.check()]);
  await expect(box).toBeChecked();
  expect(await recordingIn(erin.page.request, meetingId)).toBe(true);

  await Promise.all([saved("DELETE"), box.uncheck()]);
  await expect(box).not.toBeChecked();
  expect(await recordingIn(erin.page.request, meetingId)).toBe(false);

  await ada.page.goto("/admin/audit?q=Ada");
  const log = ada.page.getByTestId("audit");
  await expect(log.getByTestId("audit-entry").filter({ hasText: /Ada Admin granted Record to group \/?engineering/ }).first()).toBeVisible();
  await expect(log.getByTestId("audit-entry").filter({ hasText: /Ada Admin took Record away from group \/?engineering/ }).first()).toBeVisible();
  await ada.page.goto(`/admin/audit?q=${meetingId}&action=token.issue`);
  await expect(ada.page.getByTestId("audit-entry")).toHaveCount(3);
  await Promise.all([erin.context.close(), ada.context.close()]);
});

test("a suspended user is refused at once, whatever their Keycloak session says", async ({ browser }) => {
  const emil = await pageAs(browser, "emil");
  const meetingId = await scheduleMeeting(emil.page, { title: `Emil's sync ${Date.now()}`, start: futureLocal(1) });
  expect((await emil.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(200);

  const ada = await pageAs(browser, "ada");
  await ada.page.goto("/admin/people");
  await ada.page.getByRole("button", { name: "Suspend Emil Employee" }).click();
  await expect(ada.page.getByRole("button", { name: "Reinstate Emil Employee" })).toBeVisible();

  const refused = await emil.page.request.post(`/api/meetings/${meetingId}/token`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("suspended");
  await emil.page.goto("/meetings");
  await expect(emil.page).toHaveURL(/\/suspended$/);
  await expect(emil.page.getByTestId("suspended")).toBeVisible();

  await ada.page.goto("/admin/audit?action=user.suspend");
  await expect(ada.page.getByTestId("audit-entry").first()).toContainText("Ada Admin");

  await ada.page.goto("/admin/people");
  await ada.page.getByRole("button", { name: "Reinstate Emil Employee" }).click();
  await expect(ada.page.getByRole("button", { name: "Suspend Emil Employee" })).toBeVisible();
  expect((await emil.page.request.post(`/api/meetings/${meetingId}/token`)).status()).toBe(200);
  await Promise.all([emil.context.close(), ada.context.close()]);
});

const someone = "00000000-0000-4000-8000-000000000000";
const ADMIN_CALLS: { method: "GET" | "POST" | "PUT" | "DELETE"; path: string; data?: unknown }[] = [
  { method: "GET", path: "/api/admin/permissions" },
  { method: "POST", path: "/api/admin/permissions", data: { permission: "RECORD", subjectType: "ROLE", subject: "employee" } },
  { method: "DELETE", path: "/api/admin/permissions", data: { permission: "SCHEDULE", subjectType: "ROLE", subject: "employee" } },
  { method: "GET", path: "/api/admin/settings" },
  { method: "PUT", path: "/api/admin/settings", data: { organisationName: "Hijacked", guestLobbyDefault: false, inviteMaxDays: 365, recordingAllowed: false, e2eeDefault: true, meetingRetentionDays: 1, auditRetentionDays: 1 } },
  { method: "GET", path: "/api/admin/users" },
  { method: "PUT", path: `/api/admin/users/${someone}/suspension`, data: { suspended: true } },
  { method: "POST", path: `/api/admin/users/${someone}/erasure`, data: { confirmName: "Nobody", meetings: "delete" } },
  { method: "GET", path: "/api/admin/audit" },
  { method: "POST", path: "/api/admin/purge" },
];

const snapshot = async () =>
  JSON.stringify(
    await Promise.all([
      sql(`select * from "PermissionGrant" order by 1, 2, 3`),
      sql(`select "organisationName", "recordingAllowed", "meetingRetentionDays" from "SiteSettings"`),
      sql(`select id, "suspendedAt" from "User" order by id`),
      sql(`select count(*) from "Meeting"`),
      sql(`select count(*) from "AuditEntry" where action <> 'token.issue'`),
    ]),
  );

for (const who of ["employee", "guest"] as const) {
  test(`every admin route called as ${who === "employee" ? "an employee" : "a guest"}: 403, nothing changed`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: who === "employee" ? storageStateFor("erin") : { cookies: [], origins: [] } });
    const before = await snapshot();
    for (const call of ADMIN_CALLS) {
      const res = await context.request.fetch(call.path, { method: call.method, data: call.data });
      expect(res.status(), `${call.method} ${call.path}`).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    expect(await snapshot()).toBe(before);
    const page = await context.newPage();
    const res = await page.goto("/admin");
    if (who === "employee") {
      expect(res?.status()).toBe(403);
      await expect(page.getByTestId("forbidden")).toBeVisible();
    } else {
      await expect(page).toHaveURL(/\/login/);
    }
    await context.close();
  });
}

test("see every meeting: admins list all meetings, employees only their own", async ({ browser }) => {
  const erin = await pageAs(browser, "erin");
  const title = `Erin only ${Date.now()}`;
  const meetingId = await scheduleMeeting(erin.page, { title, start: futureLocal(5) });
  const ada = await pageAs(browser, "ada");
  await ada.page.goto("/meetings?tab=all");
  await expect(ada.page.getByTestId("meeting-list")).toContainText(title);
  expect((await ada.page.goto(`/meetings/${meetingId}`))?.status()).toBe(200);
  const emil = await pageAs(browser, "emil");
  await emil.page.goto("/meetings?tab=all");
  await expect(emil.page.getByRole("link", { name: "all" })).toHaveCount(0);
  await expect(emil.page.locator("body")).not.toContainText(title);
  await Promise.all([erin.context.close(), ada.context.close(), emil.context.close()]);
});
