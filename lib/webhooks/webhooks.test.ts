// Webhooks, end to end on loopback: queued from what happened, delivered over HTTPS (a receiver with
// its own certificate) with a Standard Webhooks signature the receiver verifies, retried after a
// failure, given up after the last attempt, and never delivered twice under the same id.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => (process.env.PROSODY_EVENTS_SECRET = "unit-test-prosody-events-secret-0123456789"));

import { POST } from "@/app/api/internal/prosody/events/[...path]/route";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { roomNameFor } from "@/lib/jitsi/room";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { WEBHOOK_BACKOFF_MS, WEBHOOK_MAX_ATTEMPTS, deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { queueWebhook } from "@/lib/webhooks/events";
import { verifyWebhook } from "@/lib/webhooks/signing";
import { eventSync } from "@/test/event-sync-payloads";

type Received = { headers: Record<string, string>; body: string; valid: boolean };
const admin = { id: randomUUID(), name: "Ada Admin" };
let dir: string;
let ca: string;
let server: Server;
let port: number;
let answers: number[] = []; // statuses to answer with, in turn; then 204
const received: Received[] = [];
let endpointSecret = "";

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL!);
  dir = mkdtempSync(path.join(tmpdir(), "webhook-test-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
  ca = readFileSync(path.join(dir, "cert.pem"), "utf8");
  server = createServer({ key: readFileSync(path.join(dir, "key.pem")), cert: ca }, (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      const headers = { id: String(req.headers["webhook-id"]), timestamp: String(req.headers["webhook-timestamp"]), signature: String(req.headers["webhook-signature"]) };
      received.push({ headers: headers as Record<string, string>, body, valid: verifyWebhook(endpointSecret, headers, body, Math.floor(Date.now() / 1000)) });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.webhookEndpoint.deleteMany({});
  received.length = 0;
  answers = [];
  const created = await createWebhookEndpoint(admin, { url: `https://127.0.0.1:${port}/hooks`, description: "test", events: ["meeting.started", "meeting.ended", "participant.joined", "participant.left", "recording.ready"] });
  endpointSecret = created.secret;
});

describe("webhook delivery", () => {
  it("delivers over HTTPS with a signature the receiver verifies, and keeps the secret only sealed", async () => {
    await queueWebhook("recording.ready", `rec-${randomUUID()}`, { recording: { id: "r1" } });
    expect(await deliverDueWebhooks(new Date(), { ca })).toEqual({ delivered: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.valid).toBe(true);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ id: received[0]!.headers.id, type: "recording.ready", data: { recording: { id: "r1" } } });
    // A tampered body or another secret does not verify.
    expect(verifyWebhook(endpointSecret, received[0]!.headers as never, `${received[0]!.body} `, Math.floor(Date.now() / 1000))).toBe(false);
    const row = await db.webhookEndpoint.findFirstOrThrow({});
    expect(JSON.stringify(row)).not.toContain(endpointSecret.slice(6));
    expect((await db.webhookDelivery.findFirstOrThrow({})).status).toBe("DELIVERED");
  });

  it("retries after a failure with a growing pause, under the same id, and gives up after the last attempt", async () => {
    await queueWebhook("recording.ready", `rec-${randomUUID()}`, { recording: { id: "r2" } });
    answers = [500];
    const t0 = new Date();
    expect(await deliverDueWebhooks(t0, { ca })).toEqual({ delivered: 0, failed: 1 });
    const after = await db.webhookDelivery.findFirstOrThrow({});
    expect(after).toMatchObject({ status: "PENDING", attempts: 1, lastStatus: 500 });
    expect(after.nextAttemptAt.getTime()).toBe(t0.getTime() + WEBHOOK_BACKOFF_MS[0]);
    // Not before its time; then delivered, with the same id.
    expect(await deliverDueWebhooks(new Date(t0.getTime() + 1000), { ca })).toEqual({ delivered: 0, failed: 0 });
    expect(await deliverDueWebhooks(new Date(t0.getTime() + WEBHOOK_BACKOFF_MS[0]), { ca })).toEqual({ delivered: 1, failed: 0 });
    expect(received.map((r) => r.headers.id)).toEqual([received[0]!.headers.id, received[0]!.headers.id]);
    expect(received.every((r) => r.valid)).toBe(true);

    await queueWebhook("recording.ready", `rec-${randomUUID()}`, { recording: { id: "r3" } });
    answers = Array(WEBHOOK_MAX_ATTEMPTS).fill(503);
    let clock = Date.now();
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS + 1; i++) {
      await deliverDueWebhooks(new Date(clock), { ca });
      clock += 9 * 3_600_000;
    }
    const gaveUp = await db.webhookDelivery.findFirstOrThrow({ where: { payload: { path: ["data", "recording", "id"], equals: "r3" } } });
    expect(gaveUp).toMatchObject({ status: "FAILED", attempts: WEBHOOK_MAX_ATTEMPTS, lastStatus: 503 });
  });

  it("never delivers an event twice under the same id: repeated at its source, or sent by two workers at once", async () => {
    const key = `rec-${randomUUID()}`;
    await queueWebhook("recording.ready", key, { n: 1 });
    await queueWebhook("recording.ready", key, { n: 2 });
    for (let i = 0; i < 5; i++) await queueWebhook("recording.ready", `rec-${randomUUID()}`, { n: 3 + i });
    const runs = await Promise.all([deliverDueWebhooks(new Date(), { ca }), deliverDueWebhooks(new Date(), { ca }), deliverDueWebhooks(new Date(), { ca })]);
    expect(runs.reduce((s, r) => s + r.delivered, 0)).toBe(6);
    const ids = received.map((r) => r.headers.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toHaveLength(6);
  });

  it("sends nothing to a disabled endpoint, and only the events it subscribed to", async () => {
    await queueWebhook("meeting.scheduled", `m-${randomUUID()}`, { n: 1 }); // not subscribed
    await db.webhookEndpoint.updateMany({ data: { disabledAt: new Date() } });
    await queueWebhook("recording.ready", `rec-${randomUUID()}`, { n: 2 }); // disabled
    expect(await deliverDueWebhooks(new Date(), { ca })).toEqual({ delivered: 0, failed: 0 });
    expect(await db.webhookDelivery.count({})).toBe(0);
  });
});

describe("events from the conference", () => {
  const send = (e: { path: string; body: unknown }) =>
    POST(new Request(`http://portal/api/internal/prosody/events/${e.path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${secret}` }, body: JSON.stringify(e.body) }), {
      params: Promise.resolve({ path: e.path.split("/") }),
    });

  async function meeting(attendance: boolean) {
    const owner = await db.user.create({ data: { subject: `o-${randomUUID()}`, name: "Olga Owner" } });
    const m = await db.meeting.create({ data: { ownerId: owner.id, title: "W", startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), durationMinutes: 60, timeZone: "UTC", attendance } });
    return { owner, m, room: roomNameFor(m.id, env.ROOM_NAME_SECRET) };
  }

  it("reports the meeting's start and end, and people only where attendance is kept, once each however often Prosody repeats itself", async () => {
    for (const attendance of [true, false]) {
      received.length = 0;
      await db.webhookDelivery.deleteMany({});
      const { owner, m, room } = await meeting(attendance);
      const t = Math.floor(Date.now() / 1000);
      const o = { occupant_jid: `${randomUUID()}@meet.jitsi/abc`, joined_at: t - 5, id: owner.id, name: "told by Prosody" };
      for (const e of [eventSync.created(room, t - 6), eventSync.joined(room, o, 1), eventSync.joined(room, o, 1), eventSync.left(room, { ...o, left_at: t }, 0), eventSync.destroyed(room, t - 6, t, [{ ...o, left_at: t }]), eventSync.destroyed(room, t - 6, t, [{ ...o, left_at: t }])]) {
        expect((await send(e)).status).toBe(200);
      }
      await deliverDueWebhooks(new Date(), { ca });
      const types = received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
      expect(types.map((e) => e.type)).toEqual(attendance ? ["meeting.started", "participant.joined", "participant.left", "meeting.ended"] : ["meeting.started", "meeting.ended"]);
      if (attendance) expect(types[1]!.data).toMatchObject({ meeting: { id: m.id }, participant: { type: "person", userId: owner.id, name: "Olga Owner" } });
      expect(received.every((r) => r.valid)).toBe(true);
    }
  });
});
