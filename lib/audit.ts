// The audit log: who changed rights, shares, links, settings and suspensions, and every token issued.
// Never guest names or client addresses.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
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
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * `actor` null: the system (scheduled purge) or a guest, who is never named. `client`: the
 * transaction of the change being recorded, so the change and its entry commit together.
 */
export async function audit(actor: { id: string; name: string } | null, action: AuditAction, opts: { meetingId?: string; details?: Prisma.InputJsonObject } = {}, client: Tx = db) {
  await client.auditEntry.create({
    data: { actorId: actor?.id ?? null, actorName: actor?.name ?? "system", action, meetingId: opts.meetingId ?? null, details: opts.details ?? {} },
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
  const [rows, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: [{ at: "desc" }, { id: "asc" }], skip: (q.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    db.auditEntry.count({ where }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

function isUuid(s: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
