// An admin's webhook endpoint: the same schema checks the admin form and the server action.
import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/event-names";

export const webhookInput = z.object({
  url: z
    .url({ protocol: /^https$/, error: "Give an https:// address: events are only sent encrypted." })
    .max(2000, "Keep the address to 2000 characters")
    .refine((u) => !new URL(u).username && !new URL(u).password, "Put no user name or password in the address; verify the signature instead."),
  description: z.string().trim().max(200, "Keep the description to 200 characters").default(""),
  events: z.array(z.enum(WEBHOOK_EVENTS, { error: "Choose from the listed events" }), { error: "Choose at least one event" }).min(1, "Choose at least one event").max(WEBHOOK_EVENTS.length),
});
export type WebhookInput = z.infer<typeof webhookInput>;

export const webhookId = z.uuid({ error: "That is not a webhook." });
