"use server";
// Admins' webhook endpoints: parse → authorize (admin) → write (with its audit entry) → revalidate.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminOrNull } from "@/lib/access/admin";
import { type ActionResult, invalid, parseArgs } from "@/lib/errors";
import { formArg, previousResult } from "@/lib/validation/action-args";
import { webhookId as webhookIdSchema, webhookInput } from "@/lib/validation/webhook";
import { createWebhookEndpoint, deleteWebhookEndpoint, setWebhookEnabled } from "@/lib/webhooks/endpoints";

const NOT_ADMIN = { ok: false as const, error: "Only administrators manage webhooks." };

export async function createWebhookAction(_prev: ActionResult<{ id: string; secret: string }> | null, form: FormData): Promise<ActionResult<{ id: string; secret: string }>> {
  const args = parseArgs(z.tuple([previousResult, formArg]), [_prev, form]);
  if (!args.ok) return args;
  const admin = await adminOrNull();
  if (!admin) return NOT_ADMIN;
  const values = { url: String(form.get("url") ?? ""), description: String(form.get("description") ?? "") };
  const parsed = webhookInput.safeParse({ ...values, events: form.getAll("events") });
  if (!parsed.success) return invalid(parsed.error, values);
  const created = await createWebhookEndpoint(admin, parsed.data);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: created };
}

export async function setWebhookEnabledAction(webhookId: string, enabled: boolean): Promise<ActionResult> {
  const args = parseArgs(z.tuple([webhookIdSchema, z.boolean()]), [webhookId, enabled]);
  if (!args.ok) return args;
  const admin = await adminOrNull();
  if (!admin) return NOT_ADMIN;
  await setWebhookEnabled(admin, ...args.data);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: undefined };
}

export async function deleteWebhookAction(webhookId: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([webhookIdSchema]), [webhookId]);
  if (!args.ok) return args;
  const admin = await adminOrNull();
  if (!admin) return NOT_ADMIN;
  await deleteWebhookEndpoint(admin, args.data[0]);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: undefined };
}
