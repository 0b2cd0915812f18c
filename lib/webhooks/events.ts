// The events the portal sends to admins' webhook endpoints, queued in the same statement as (or the
// transaction of) what caused them, one delivery row per subscribed endpoint (lib/webhooks/deliver.ts
// sends them). An event's id is derived from what happened, so an event repeated at its source (a
// retried Prosody event, a re-run action) is queued once: receivers see one id, once.
import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import type { WebhookEvent } from "@/lib/webhooks/event-names";

type Client = Pick<typeof db, "$executeRaw">;

/** An RFC 9562 version 8 UUID from a SHA-256 of `key`: the same happening always gets the same id. */
export function eventIdFor(event: WebhookEvent, key: string): string {
  const h = createHash("sha256").update(`${event}\n${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Queues `event` for every enabled endpoint that subscribed to it. `key` names the happening (e.g.
 * the meeting and its new version); `at` is when it happened, carried in the payload.
 */
export async function queueWebhook(event: WebhookEvent, key: string, data: Prisma.InputJsonObject, at = new Date(), client: Client = db): Promise<void> {
  const id = eventIdFor(event, key);
  const payload = JSON.stringify({ id, type: event, timestamp: at.toISOString(), data });
  await client.$executeRaw`
    insert into "WebhookDelivery" ("id", "endpointId", "eventId", "event", "payload")
    select gen_random_uuid(), e.id, ${id}::uuid, ${event}, ${payload}::jsonb
    from "WebhookEndpoint" e where e."disabledAt" is null and ${event} = any(e.events)
    on conflict ("endpointId", "eventId") do nothing`;
}
