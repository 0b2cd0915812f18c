// Webhooks from the admin area to a receiver on loopback over HTTPS: the secret shown once verifies
// the signature of what arrives; a failure is retried under the same id; the delivery log shows both.
import { readFileSync } from "node:fs";
import { type Server, createServer } from "node:https";
import { expect, test } from "@playwright/test";
import { verifyWebhook } from "../lib/webhooks/signing";
import { storageStateFor, webhookTls } from "./env";
import { localInMinutes, scheduleMeeting } from "./fixtures";

test.use({ storageState: storageStateFor("ada") });

type Hit = { id: string; timestamp: string; signature: string; body: string };

test("an admin's endpoint receives signed events, and its delivery log shows each attempt", async ({ page }) => {
  const hits: Hit[] = [];
  let answers: number[] = [];
  const server: Server = createServer({ key: readFileSync(webhookTls.key), cert: readFileSync(webhookTls.cert) }, (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      hits.push({ id: String(req.headers["webhook-id"]), timestamp: String(req.headers["webhook-timestamp"]), signature: String(req.headers["webhook-signature"]), body });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;

  await page.goto("/admin/webhooks");
  await page.getByLabel("HTTPS address").fill(url.replace("https:", "http:"));
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Give an https:// address")).toBeVisible();
  await page.getByLabel("HTTPS address").fill(url);
  await page.getByLabel("Description (optional)").fill("E2E receiver");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("webhook-secret").locator("code").textContent())!;
  expect(secret).toMatch(/^whsec_/);
  await page.reload();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0); // shown once

  const title = `Webhook ${Date.now()}`;
  const meetingId = await scheduleMeeting(page, { title, start: localInMinutes(60) });
  await expect.poll(() => hits.length, { timeout: 15_000 }).toBe(1);
  const [first] = hits;
  expect(verifyWebhook(secret, first!, first!.body, Math.floor(Date.now() / 1000))).toBe(true);
  expect(JSON.parse(first!.body)).toMatchObject({ id: first!.id, type: "meeting.scheduled", data: { meeting: { id: meetingId, title } } });

  // The receiver fails once: the change waits for its retry under the same id, and the log says so.
  answers = [500];
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill(`${title} (moved)`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect.poll(() => hits.length, { timeout: 15_000 }).toBe(2);
  await page.goto("/admin/webhooks");
  await page.getByRole("link", { name: url }).click();
  const log = page.getByTestId("delivery-log").getByRole("listitem");
  await expect(log.filter({ hasText: "meeting.changed" })).toContainText("waiting to be sent after 1 attempt · last answer HTTP 500");
  await expect(log.filter({ hasText: "meeting.changed" })).toContainText(hits[1]!.id);
  await expect(log.filter({ hasText: "meeting.scheduled" })).toContainText("delivered after 1 attempt · last answer HTTP 204");
  server.close();
});
