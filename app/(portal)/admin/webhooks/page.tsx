import Link from "next/link";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { EndpointControls } from "./endpoint-controls";
import { WebhookForm } from "./webhook-form";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const endpoints = await listWebhookEndpoints();
  return (
    <div className="space-y-6">
      <p className="max-w-2xl text-sm text-slate-600 dark:text-slate-300">
        The portal sends signed events to these addresses: meetings scheduled, changed, cancelled, started and ended, recordings ready,
        and people joining and leaving (only for meetings that keep attendance, whose participants were told). The API and the events
        are described in <a href="/api/openapi.json" className="underline">/api/openapi.json</a>.
      </p>
      {endpoints.length === 0 ? (
        <p className="text-sm text-slate-500">No endpoints yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm dark:divide-slate-800 dark:bg-slate-900" data-testid="webhook-list">
          {endpoints.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <span className="min-w-0 break-all">
                <Link href={`/admin/webhooks/${e.id}`} className="font-medium underline">{e.url}</Link>
                {e.description && <span className="text-slate-500"> · {e.description}</span>}
                <span className="block text-slate-500">
                  {e.disabledAt ? "Disabled" : "Active"} · {e.events.length} events
                  {e._count.deliveries > 0 && <span className="text-red-700"> · {e._count.deliveries} failed</span>}
                </span>
              </span>
              <EndpointControls id={e.id} enabled={!e.disabledAt} />
            </li>
          ))}
        </ul>
      )}
      <WebhookForm />
    </div>
  );
}
