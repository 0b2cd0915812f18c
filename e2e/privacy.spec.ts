// Privacy as a feature: the inventory names every cookie and token claim; a person downloads their
// data; an admin erases a person and nothing of them remains; people who stay away are erased.
import { readFile } from "node:fs/promises";
import { type BrowserContext, expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { inventoryText } from "../lib/privacy/inventory";
import { sql } from "./db";
import { portalUrl } from "./env";
import { createLink, futureLocal, guestPage, loginThroughKeycloak, localInMinutes, pageAs, scheduleMeeting } from "./fixtures";

test.describe.configure({ mode: "serial" });

const inventory = inventoryText();
const named = (name: string) => inventory.includes(`\`${name}\``);

test("inventory: every cookie the portal sets and every token claim is named in README's data inventory", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guest = await guestPage(browser);
  const setByPortal = cookiesSetByPortal([context, guest.context]);
  const page = await context.newPage();
  await loginThroughKeycloak(page, "erin");
  const meetingId = await scheduleMeeting(page, { title: `Inventory ${Date.now()}`, start: localInMinutes(5) });
  const { url } = await createLink(page, { label: "inventory" });
  await guest.page.goto(url);
  await guest.page.getByLabel("Your name").fill("Ines Inventory");
  await guest.page.getByRole("button", { name: "Continue" }).click();
  await expect(guest.page.getByLabel("Your name")).toHaveCount(0);

  const names = await setByPortal();
  expect(names).toContain("next-auth.session-token");
  expect(names).toContain("guest-<link id>");
  for (const name of names) expect(named(name), `cookie ${name} in README "Data inventory"`).toBe(true);

  const res = await page.request.post(`/api/meetings/${meetingId}/token`);
  const claims = decodeJwt((await res.json()).token) as Record<string, unknown>;
  for (const claim of claimPaths(claims)) expect(named(claim) || named(claim.split(".").pop()!), `claim ${claim} in README's token claims`).toBe(true);
  await Promise.all([context.close(), guest.context.close()]);
});

test("export: a person downloads everything about them from their profile, nobody else's address", async ({ browser }) => {
  const erin = await pageAs(browser, "erin");
  const title = `Export ${Date.now()}`;
  await scheduleMeeting(erin.page, { title, start: futureLocal(2), invitees: "Pia Partner <pia.partner@example.net>" });
  await erin.page.getByTestId("user-name").click();
  await expect(erin.page).toHaveURL(/\/profile$/);
  await expect(erin.page.getByTestId("profile")).toContainText("erin@example.test");
  const [download] = await Promise.all([erin.page.waitForEvent("download"), erin.page.getByRole("link", { name: "Download my data (JSON)" }).click()]);
  const text = await readFile((await download.path())!, "utf8");
  const data = JSON.parse(text);
  expect(data.profile).toMatchObject({ name: "Erin Employee", email: "erin@example.test", roles: expect.arrayContaining(["employee"]), groups: ["engineering"] });
  const meeting = data.meetingsOrganised.find((m: { title: string }) => m.title === title);
  expect(meeting.counts.invitations).toBe(1);
  expect(text).not.toContain("pia.partner@example.net");
  expect(text).not.toContain("Pia Partner");

  const res = await erin.page.request.get("/api/me/export");
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="my-portal-data-\d{4}-\d{2}-\d{2}\.json"$/);
  expect(res.headers()["cache-control"]).toBe("no-store");
  const anonymous = await guestPage(browser);
  const refused = await anonymous.page.request.get("/api/me/export");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("unauthenticated");
  await Promise.all([erin.context.close(), anonymous.context.close()]);
});

test("erasure: an admin erases a person, hands their meeting to a colleague, and no trace of them remains", async ({ browser }) => {
  const p = await seedStranger(new Date());
  const ada = await pageAs(browser, "ada");
  await ada.page.goto(`/admin/people?q=${encodeURIComponent(p.name)}`);
  const row = ada.page.getByTestId("person").filter({ hasText: p.name });
  await row.getByText("Erase…").click();
  const erase = row.getByRole("form", { name: `Erase ${p.name}` });
  await erase.getByLabel("Hand them to").check();
  await erase.getByLabel("New organiser").selectOption({ label: "Emil Employee" });
  await erase.getByLabel(/^Type/).fill("Someone Else");
  await erase.getByRole("button", { name: /for good/ }).click();
  await expect(erase.getByRole("alert")).toContainText("does not match");
  expect(await sql(`select 1 from "User" where id = $1`, [p.id])).toHaveLength(1);

  await erase.getByLabel(/^Type/).fill(p.name);
  await erase.getByRole("button", { name: /for good/ }).click();
  await expect(ada.page.getByTestId("person").filter({ hasText: p.name })).toHaveCount(0);

  expect(await rowsMentioning([p.name, p.email, p.subject])).toEqual([]);
  const [meeting] = await sql<{ email: string }>(`select u.email from "Meeting" m join "User" u on u.id = m."ownerId" where m.id = $1`, [p.meetingId]);
  expect(meeting).toEqual({ email: "emil@example.test" });
  await ada.page.goto("/admin/audit?action=user.erase");
  await expect(ada.page.getByTestId("audit-entry").first()).toContainText("Ada Admin");
  await ada.context.close();
});

test("retention: the site policy erases people who have not signed in for its time, at the next purge", async ({ browser }) => {
  const ada = await pageAs(browser, "ada");
  const setRetention = async (days: number) => {
    await ada.page.goto("/admin/policy");
    await ada.page.getByLabel("Keep people who have not signed in for (days)").fill(String(days));
    await ada.page.getByRole("button", { name: "Save policy" }).click();
    await expect(ada.page.getByRole("status")).toHaveText("Saved.");
  };
  await setRetention(30);
  const gone = await seedStranger(new Date(Date.now() - 31 * 86_400_000));
  const kept = await seedStranger(new Date(Date.now() - 29 * 86_400_000));
  const res = await ada.page.request.post("/api/admin/purge");
  expect(res.status()).toBe(200);
  expect((await res.json()).result.people).toBeGreaterThanOrEqual(1);
  expect(await rowsMentioning([gone.name, gone.email, gone.subject])).toEqual([]);
  expect(await sql(`select 1 from "Meeting" where id = $1`, [gone.meetingId])).toHaveLength(0);
  expect(await sql(`select 1 from "User" where id = $1`, [kept.id])).toHaveLength(1);
  await setRetention(730);
  await ada.context.close();
});

/** Names of the cookies the portal's responses set (the dev IdP shares the host, so the jar alone would mix them). */
function cookiesSetByPortal(contexts: BrowserContext[]) {
  const seen: Promise<string[]>[] = [];
  for (const c of contexts)
    c.on("response", (r) => {
      if (r.url().startsWith(portalUrl)) seen.push(r.headersArray().then((hs) => hs.filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value.split("=")[0]!)));
    });
  const normal = (name: string) => name.replace(/^__(Secure|Host)-/, "").replace(/^guest-[0-9a-f-]{36}$/, "guest-<link id>").replace(/\.\d+$/, "");
  return async () => new Set((await Promise.all(seen)).flat().map(normal));
}

/** Every claim of a token, as dotted paths (context.user.name, …). */
function claimPaths(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" && !Array.isArray(v) ? claimPaths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** A person who signed in at `lastSeenAt`, with a meeting, an outside invitee, mail, a membership, a feed and audit entries. */
async function seedStranger(lastSeenAt: Date) {
  const tag = crypto.randomUUID().slice(0, 8);
  const p = { name: `Stella Stranger ${tag}`, email: `stella.${tag}@example.org`, subject: `stranger-${tag}` };
  const [{ id }] = (await sql<{ id: string }>(`insert into "User" (id, subject, name, email, roles, groups, "lastSeenAt") values (gen_random_uuid(), $1, $2, $3, '{employee}', '{engineering}', $4) returning id`, [p.subject, p.name, p.email, lastSeenAt])) as [{ id: string }];
  const start = new Date(Date.now() + 7 * 86_400_000);
  const [{ id: meetingId }] = (await sql<{ id: string }>(`insert into "Meeting" (id, "ownerId", title, "startsAt", "endsAt", "durationMinutes", "timeZone", "updatedAt") values (gen_random_uuid(), $1, $2, $3, $4, 60, 'UTC', now()) returning id`, [id, `Plans ${tag}`, start, new Date(start.getTime() + 3_600_000)])) as [{ id: string }];
  const [{ id: invitationId }] = (await sql<{ id: string }>(`insert into "Invitation" (id, "meetingId", email) values (gen_random_uuid(), $1, $2) returning id`, [meetingId, `outsider.${tag}@example.net`])) as [{ id: string }];
  await sql(`insert into "OutboxMessage" (id, "invitationId", "meetingId", kind, "to", subject, text, html) values (gen_random_uuid(), $1, $2, 'invite', $3, 'Invitation', $4, $4)`, [invitationId, meetingId, `outsider.${tag}@example.net`, `${p.name} <${p.email}> invites you.`]);
  await sql(`insert into "MeetingMember" ("meetingId", "userId", role) select m.id, $1, 'PARTICIPANT' from "Meeting" m where m.id <> $2 limit 1`, [id, meetingId]);
  await sql(`insert into "CalendarFeed" (id, "userId", "tokenHash") values (gen_random_uuid(), $1, $2)`, [id, `hash-${tag}`]);
  await sql(`insert into "AuditEntry" (id, "actorId", "actorName", action, "meetingId") values (gen_random_uuid(), $1, $2, 'link.create', $3)`, [id, p.name, meetingId]);
  return { ...p, id, meetingId };
}

async function rowsMentioning(needles: string[]): Promise<string[]> {
  const tables = await sql<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'`);
  const hits = await Promise.all(tables.map(({ name }) => sql<{ row: string }>(`select t::text as row from "${name}" t where lower(t::text) like any($1::text[])`, [needles.map((n) => `%${n.toLowerCase()}%`)])));
  return hits.flat().map((r) => r.row);
}
