// The audit log: who changed rights, shares, links, settings and suspensions, and every token issued.
// Never guest names or client addresses.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { PREPARED_SQL } from "@/lib/db/adapter";
import { type AuditNames, describeAuditEntry } from "@/lib/admin/audit-text";
import { containsText } from "@/lib/db/text-match";
import type { Tx } from "@/lib/db/transaction";

export const AUDIT_ACTIONS = [
  "meeting.create",
  "meeting.update",
  "meeting.cancel",
  "permission.grant",
  "permission.revoke",
  "settings.update",
  "user.suspend",
  "user.unsuspend",
  "user.erase",
  "member.add",
  "member.remove",
  "share.add",
  "share.remove",
  "link.create",
  "link.revoke",
  "link.reissue",
  "link.renew",
  "invitation.send",
  "invitation.remove",
  "token.issue",
  "recording.delete",
  "recording.purge",
  "purge.run",
  "webhook.create",
  "webhook.enable",
  "webhook.disable",
  "webhook.delete",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * `actor` null: the system (scheduled purge) or a guest, who is never named. `client`: a transaction,
 * so the entry is written with the change it records, or not at all.
 */
export async function audit(
  actor: { id: string; name: string } | null,
  action: AuditAction,
  opts: { meetingId?: string; details?: Prisma.InputJsonObject } = {},
  client: Tx = db,
) {
  await client.auditEntry.create({ data: auditRow(actor, action, opts) });
}

/**
 * audit() for the hot path (every token issued): the row joins the next multi-row INSERT and this
 * resolves once that is committed. While one INSERT runs, the rows of every request arriving meanwhile
 * queue for the next, so under load many tokens share one statement, yet a caller hands out nothing
 * whose row is not stored: a process that stops, however abruptly, loses no entry.
 */
export function auditBatched(actor: { id: string; name: string } | null, action: AuditAction, opts: { meetingId?: string; details?: Prisma.InputJsonObject } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    batch.queue.push({ row: auditRow(actor, action, opts), resolve, reject });
    batch.writing ??= writeBatches();
  });
}

export const AUDIT_PAGE_SIZE = 50;

export async function searchAudit(q: { text?: string; action?: string; page: number }) {
  const where: Prisma.AuditEntryWhereInput = {
    ...(q.action ? { action: q.action } : {}),
    ...(q.text
      ? { OR: [{ actorName: containsText(q.text) }, ...(isUuid(q.text) ? [{ meetingId: q.text }, { actorId: q.text }] : [])] }
      : {}),
  };
  const [entries, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: [{ at: "desc" }, { id: "asc" }], skip: (q.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    db.auditEntry.count({ where }),
  ]);
  const names = await namesFor(entries);
  const rows = entries.map((e) => ({ ...e, meetingTitle: e.meetingId ? (names.meetings.get(e.meetingId) ?? null) : null, text: describeAuditEntry(e, names) }));
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

/** Today's names of the people and meetings a page of entries refers to by id (entries keep ids, not names). */
async function namesFor(entries: { actorId: string | null; meetingId: string | null; details: Prisma.JsonValue }[]): Promise<AuditNames> {
  const personIds = new Set<string>();
  const meetingIds = new Set<string>();
  for (const e of entries) {
    if (e.actorId) personIds.add(e.actorId);
    if (e.meetingId) meetingIds.add(e.meetingId);
    const d = e.details && typeof e.details === "object" && !Array.isArray(e.details) ? e.details : {};
    for (const key of ["userId", "meetingsHandedTo"]) if (typeof d[key] === "string" && isUuid(d[key])) personIds.add(d[key]);
  }
  const [people, meetings] = await Promise.all([
    personIds.size ? db.user.findMany({ where: { id: { in: [...personIds] } }, select: { id: true, name: true } }) : [],
    meetingIds.size ? db.meeting.findMany({ where: { id: { in: [...meetingIds] } }, select: { id: true, title: true } }) : [],
  ]);
  return { people: new Map(people.map((p) => [p.id, p.name])), meetings: new Map(meetings.map((m) => [m.id, m.title])) };
}

function isUuid(s: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

function auditRow(actor: { id: string; name: string } | null, action: AuditAction, opts: { meetingId?: string; details?: Prisma.InputJsonObject }): Prisma.AuditEntryCreateManyInput {
  return { actorId: actor?.id ?? null, actorName: actor?.name ?? "system", action, meetingId: opts.meetingId ?? null, details: opts.details ?? {} };
}

// Bounds one statement's size (and its parameters: 5 a row, Postgres allows 65,535).
const MAX_BATCH = 1000;
type Queued = { row: Prisma.AuditEntryCreateManyInput; resolve: () => void; reject: (e: unknown) => void };
const batch: { queue: Queued[]; writing?: Promise<void> } = { queue: [] };

async function writeBatches() {
  while (batch.queue.length) {
    const rows = batch.queue.splice(0, MAX_BATCH);
    try {
      // One statement text whatever the batch size (columns as arrays), so it is prepared once and
      // never compiled again; createMany made a new statement shape for every size.
      const column = <K extends keyof Prisma.AuditEntryCreateManyInput>(k: K) => rows.map((q) => q.row[k] ?? null);
      await db.$executeRaw`${PREPARED_SQL} insert into "AuditEntry" (id, "actorId", "actorName", action, "meetingId", details)
        select gen_random_uuid(), r.actor, r.name, r.action, r.meeting, r.details::jsonb
        from unnest(${column("actorId")}::uuid[], ${column("actorName")}::text[], ${column("action")}::text[], ${column("meetingId")}::uuid[],
                    ${rows.map((q) => JSON.stringify(q.row.details ?? {}))}::text[]) as r(actor, name, action, meeting, details)`;
      for (const q of rows) q.resolve();
    } catch (e) {
      for (const q of rows) q.reject(e);
    }
  }
  batch.writing = undefined;
}
