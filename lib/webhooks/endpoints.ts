// Admins' webhook endpoints: registered with a secret shown once, disabled, enabled or removed, each
// with its delivery log. Audited like every other admin change.
import "server-only";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { WebhookInput } from "@/lib/validation/webhook";
import { newWebhookSecret, sealWebhookSecret } from "@/lib/webhooks/signing";

type Admin = { id: string; name: string };

/** Returns the secret in clear this once; afterwards only its sealed form exists. */
export async function createWebhookEndpoint(admin: Admin, input: WebhookInput) {
  const secret = newWebhookSecret();
  const endpoint = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { url: input.url, description: input.description, events: input.events, secretEncrypted: sealWebhookSecret(env.ROOM_NAME_SECRET, secret), createdById: admin.id },
      select: { id: true, url: true },
    });
    await audit(admin, "webhook.create", { details: { webhookId: created.id, url: created.url, events: input.events } }, tx);
    return created;
  });
  return { id: endpoint.id, secret };
}

export async function setWebhookEnabled(admin: Admin, id: string, enabled: boolean) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({ where: { id }, data: { disabledAt: enabled ? null : new Date() } });
    if (count) await audit(admin, enabled ? "webhook.enable" : "webhook.disable", { details: { webhookId: id } }, tx);
  });
}

export async function deleteWebhookEndpoint(admin: Admin, id: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
    if (count) await audit(admin, "webhook.delete", { details: { webhookId: id } }, tx);
  });
}

export function listWebhookEndpoints() {
  return db.webhookEndpoint.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, description: true, events: true, createdAt: true, disabledAt: true, _count: { select: { deliveries: { where: { status: "FAILED" } } } } },
  });
}

export const DELIVERY_LOG_SIZE = 100;

export async function webhookWithDeliveries(id: string) {
  return db.webhookEndpoint.findUnique({
    where: { id },
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      disabledAt: true,
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: DELIVERY_LOG_SIZE,
        select: { id: true, eventId: true, event: true, status: true, attempts: true, nextAttemptAt: true, lastStatus: true, lastError: true, deliveredAt: true, createdAt: true },
      },
    },
  });
}
