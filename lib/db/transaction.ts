// Writes of several steps are whole: each step takes the caller's transaction client, and a step
// called on its own opens its own transaction (issue 21: a process killed between steps left a
// cancelled meeting without its cancellation mail).
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";

export type Tx = Prisma.TransactionClient;

/** `work` inside the caller's transaction when given one, else inside a new one. */
export function withinTransaction<T>(client: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  return client ? work(client) : db.$transaction(work);
}
