// Creating forms carry a key made when the form was rendered (a hidden input, so it works with
// JavaScript off). The key is claimed in the same transaction as the write: a replay waits for the
// first submission, then gets its result and creates nothing (issue 21: a double click made two
// meetings and sent two invitations).
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";

/** Idempotency keys older than this are purged; a replay after it is a new submission. */
export const IDEMPOTENCY_KEY_TTL_MS = 86_400_000;

export const newIdempotencyKey = () => randomUUID();

/**
 * Runs `work` once per (user, form, key), in one transaction with the key, and returns its result;
 * a replay returns the stored result. Without a key (an old form) it simply runs.
 */
export async function once(userId: string, form: string, key: string | undefined, work: (tx: Tx) => Promise<string>): Promise<string> {
  if (!key) return db.$transaction(work);
  const id = { userId, key: `${form}:${key}` };
  return db.$transaction(async (tx) => {
    // A concurrent first submission holds the key's row: this insert waits for it to commit (then
    // does nothing) or to roll back (then claims the key and does the work itself).
    const claimed = await tx.$executeRaw`insert into "IdempotencyKey" ("userId", key, result) values (${id.userId}::uuid, ${id.key}, '') on conflict do nothing`;
    if (claimed === 0) return (await tx.idempotencyKey.findUniqueOrThrow({ where: { userId_key: id }, select: { result: true } })).result;
    const result = await work(tx);
    await tx.idempotencyKey.update({ where: { userId_key: id }, data: { result } });
    return result;
  });
}
