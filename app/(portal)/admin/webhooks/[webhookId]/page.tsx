import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { webhookId } from "@/lib/validation/webhook";
import { DELIVERY_LOG_SIZE, webhookWithDeliveries } from "@/lib/webhooks/endpoints";

export const metadata = { title: "Webhook deliveries" };

const STATE = { PENDING: "waiting to be sent", DELIVERED: "delivered", FAILED: "given up" } as const;

export default async function WebhookDeliveriesPage({ params }: PageProps<"/admin/webhooks/[webhookId]">) {
  const id = webhookId.safeParse((await params).webhookId);
  const endpoint = id.success ? await webhookWithDeliveries(id.data) : null;
  if (!endpoint) notFound();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/webhooks" className="underline">Webhooks</Link> › <span className="break-all">{endpoint.url}</span>
      </p>
      <h2 className="text-lg font-semibold">Deliveries (the last {DELIVERY_LOG_SIZE})</h2>
      {endpoint.deliveries.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing sent yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="delivery-log">
          {endpoint.deliveries.map((d) => (
            <li key={d.id} className="space-y-0.5 px-4 py-2">
              <p>
                <code>{d.event}</code> · <strong>{STATE[d.status]}</strong>
                {d.attempts > 0 && ` after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`}
                {d.lastStatus !== null && ` · last answer HTTP ${d.lastStatus}`}
              </p>
              <p className="text-slate-500">
                <LocalTime iso={d.createdAt.toISOString()} fallbackZone="UTC" /> · id <code className="break-all">{d.eventId}</code>
                {d.status === "PENDING" && d.attempts > 0 && (
                  <>
                    {" "}· next try <LocalTime iso={d.nextAttemptAt.toISOString()} fallbackZone="UTC" />
                  </>
                )}
              </p>
              {d.lastError && d.status !== "DELIVERED" && <p className="break-all text-red-700">{d.lastError}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
