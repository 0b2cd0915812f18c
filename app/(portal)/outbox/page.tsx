// The local outbox: in development without SMTP_URL, mail that would have gone out is read here
// instead of being lost. Admins only (the mails carry personal guest links); 404 in production.
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/access/admin";
import { db } from "@/lib/db";
import { outboxPageEnabled } from "@/lib/mail/transport";

export const metadata = { title: "Outbox" };

export default async function OutboxPage() {
  if (!outboxPageEnabled()) notFound();
  await requireAdmin();
  const messages = await db.outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: 50, select: { id: true, to: true, subject: true, text: true, ics: true, createdAt: true } });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Outbox</h1>
      <p className="text-sm text-slate-500">No mail server is configured (SMTP_URL), so nothing is sent. The latest 50 mails:</p>
      {messages.map((m) => (
        <article key={m.id} className="space-y-2 rounded-lg bg-white p-4 shadow-sm dark:bg-slate-900">
          <h2 className="font-semibold">{m.subject}</h2>
          <p className="text-sm text-slate-500">To {m.to} · {m.createdAt.toISOString()}</p>
          <pre className="whitespace-pre-wrap break-words text-sm">{m.text}</pre>
          {m.ics && (
            <details>
              <summary className="text-sm">Calendar attachment</summary>
              <pre className="overflow-x-auto text-xs">{m.ics}</pre>
            </details>
          )}
        </article>
      ))}
    </div>
  );
}
