// Sends queued webhook deliveries (lib/webhooks/events.ts). Every instance runs it on a timer; a
// delivery is claimed with a lease (row lock, skip locked), so two instances never send the same one at
// once. A 2xx is delivered; anything else (or no answer in 10 s) is retried with growing pauses, then
// marked failed. A process that dies mid-send lets the lease run out and the delivery is sent again
// under the same webhook-id, which receivers deduplicate on.
import "server-only";
import { request as httpsRequest } from "node:https";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { openWebhookSecret, signWebhook } from "@/lib/webhooks/signing";

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** Pause after the 1st, 2nd, … failed attempt; after the last one the delivery is given up. */
export const WEBHOOK_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 8 * 3_600_000] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_BACKOFF_MS.length + 1;

/** The delivery log keeps sent and given-up deliveries this long (README "Webhooks"). */
export const WEBHOOK_LOG_DAYS = 30;

export function purgeWebhookDeliveries(now: Date) {
  return db.webhookDelivery.deleteMany({ where: { status: { not: "PENDING" }, createdAt: { lt: new Date(now.getTime() - WEBHOOK_LOG_DAYS * 86_400_000) } } });
}

type Claimed = { id: string; eventId: string; payload: unknown; attempts: number; url: string; secretEncrypted: string };

/** `ca`: extra trusted certificates (a test's receiver); otherwise Node's store and NODE_EXTRA_CA_CERTS. */
export async function deliverDueWebhooks(now = new Date(), opts: { ca?: string; limit?: number } = {}): Promise<{ delivered: number; failed: number }> {
  const result = { delivered: 0, failed: 0 };
  for (let i = 0; i < (opts.limit ?? 50); i++) {
    const d = await claimNext(now);
    if (!d) break;
    const body = JSON.stringify(d.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook(openWebhookSecret(env.ROOM_NAME_SECRET, d.secretEncrypted), d.eventId, timestamp, body);
    const answer = await post(d.url, body, { "webhook-id": d.eventId, "webhook-timestamp": String(timestamp), "webhook-signature": signature }, opts.ca);
    if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
      await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "DELIVERED", deliveredAt: new Date(), lastStatus: answer.status, lastError: null } });
      result.delivered++;
    } else {
      const last = d.attempts >= WEBHOOK_MAX_ATTEMPTS;
      await db.webhookDelivery.update({
        where: { id: d.id },
        data: {
          lastStatus: answer.status,
          lastError: answer.error?.slice(0, 300) ?? `answered ${answer.status}`,
          ...(last ? { status: "FAILED" } : { nextAttemptAt: new Date(now.getTime() + WEBHOOK_BACKOFF_MS[d.attempts - 1]!) }),
        },
      });
      result.failed++;
    }
  }
  return result;
}

async function claimNext(now: Date): Promise<Claimed | null> {
  const rows = await db.$queryRaw<Claimed[]>`
    update "WebhookDelivery" d set attempts = d.attempts + 1, "nextAttemptAt" = ${new Date(now.getTime() + LEASE_MS)}
    from "WebhookEndpoint" e
    where e.id = d."endpointId" and d.id = (
      select p.id from "WebhookDelivery" p join "WebhookEndpoint" pe on pe.id = p."endpointId"
      where p.status = 'PENDING' and p."nextAttemptAt" <= ${now} and pe."disabledAt" is null
      order by p."nextAttemptAt" limit 1 for update of p skip locked)
    returning d.id, d."eventId", d.payload, d.attempts, e.url, e."secretEncrypted"`;
  return rows[0] ?? null;
}

function post(url: string, body: string, headers: Record<string, string>, ca?: string): Promise<{ status: number | null; error?: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      url,
      { method: "POST", ca, timeout: TIMEOUT_MS, headers: { ...headers, "content-type": "application/json", "user-agent": "meeting-portal-webhooks/1", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume(); // the answer's body is not read, only its status
        res.on("end", () => resolve({ status: res.statusCode ?? null }));
        res.on("error", (e) => resolve({ status: res.statusCode ?? null, error: e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (e) => resolve({ status: null, error: e.message }));
    req.end(body);
  });
}
