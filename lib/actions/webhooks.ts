"use server";
// Admins' webhook endpoints: parse → authorize (admin) → write (with its audit entry) → revalidate.
import { revalidatePath } from "next/cache";
import { adminOrNull } from "@/lib/access/admin";
import { type ActionResult, invalid } from "@/lib/errors";
import { webhookId, webhookInput } from "@/lib/validation/webhook";
import { createWebhookEndpoint, deleteWebhookEndpoint, setWebhookEnabled } from "@/lib/webhooks/endpoints";

const NOT_ADMIN = { ok: false as const, error: "Only administrators manage webhooks." };

export async function createWebhookAction(_prev: ActionResult<{ id: string; secret: string }> | null, form: FormData): Promise<ActionResult<{ id: string; secret: string }>> {
  const admin = await adminOrNull();
  if (!admin) return NOT_ADMIN;
  const values = { url: String(form.get("url") ?? ""), description: String(form.get("description") ?? "") };
  const parsed = webhookInput.safeParse({ ...values, events: form.getAll("events") });
  if (!parsed.success) return invalid(parsed.error, values);
  const created = await createWebhookEndpoint(admin, parsed.data);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: created };
}

export async function setWebhookEnabledAction(id: unknown, enabled: unknown): Promise<ActionResult> {
  const admin = await adminOrNull();
  if (!admin) return NOT_ADMIN;
  const parsed = webhookId.safeParse(id);
  if (!parsed.success || typeof enabled !== "boolean") return { ok: false, error: "That is not a webhook." };
  await setWebhookEnabled(admin, parsed.data, enabled);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: undefined };
}

export async function deleteWebhookAction(id: unknown): Promise<ActionResult> {
  const admin = await adminOrNull();
  if (!admin) return NOT_ADMIN;
  const parsed = webhookId.safeParse(id);
  if (!parsed.success) return { ok: false, error: "That is not a webhook." };
  await deleteWebhookEndpoint(admin, parsed.data);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: undefined };
}
