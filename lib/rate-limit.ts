// Fixed-window rate limits kept in Postgres, so every portal instance counts together.
import "server-only";
import { createHmac } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";

export type Limit = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one hit on `key`; refuses once more than `max` fall in the current window. */
export function hit(key: string, max: number, windowSeconds = 60, now = Date.now()): Promise<Limit> {
  return hitAll([{ key, max }], windowSeconds, now);
}

/** One hit on each key, in one round trip; refused (with the longest wait) when any is over its max. */
export async function hitAll(limits: LimitSpec[], windowSeconds = 60, now = Date.now()): Promise<Limit> {
  const window = limitWindow(limits, windowSeconds, now);
  return window.outcome(await db.$queryRaw<HitCount[]>(window.statement));
}

export type LimitSpec = { key: string; max: number };
export type HitCount = { key: string; count: number };

/**
 * The upsert that counts one hit on each key (returning the counts), and what those counts mean: for
 * hitAll, or for a caller that runs the upsert as a CTE of its own statement (the token route).
 */
export function limitWindow(limits: LimitSpec[], windowSeconds = 60, now = Date.now()) {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  // Sorted, so concurrent statements lock the same rows in the same order and never deadlock.
  const sorted = [...limits].sort((a, b) => a.key.localeCompare(b.key));
  const statement = Prisma.sql`
    insert into "RateLimit" (key, "windowStart", count)
    values ${Prisma.join(sorted.map((l) => Prisma.sql`(${l.key}, ${windowStart}, 1)`))}
    on conflict (key) do update set
      count = case when "RateLimit"."windowStart" = excluded."windowStart" then "RateLimit".count + 1 else 1 end,
      "windowStart" = excluded."windowStart"
    returning key, count`;
  const outcome = (rows: HitCount[]): Limit => {
    const over = rows.some((r) => r.count > (sorted.find((l) => l.key === r.key)?.max ?? 0));
    if (!over) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000)) };
  };
  return { statement, outcome };
}

export const tooManyMessage = (seconds: number) => `Too many attempts. Please wait ${seconds} seconds and try again.`;

/**
 * Token requests per signed-in person and per client address (issue 14). One cheap statement, which
 * the token routes run beside their own queries (or inside them: tokenLimits). A reload or a renewal is one request.
 */
export async function limitTokenRequests(userId: string, headers: Headers): Promise<Response | null> {
  return tooMany(await hitAll(tokenLimits(userId, headers)));
}

export function tokenLimits(userId: string, headers: Headers): LimitSpec[] {
  return [
    { key: `token-user:${userId}`, max: env.RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE },
    { key: addressKey("token-address", clientAddress(headers)), max: env.RATE_LIMIT_TOKENS_PER_ADDRESS_PER_MINUTE },
  ];
}

/** The 429 a refused limit answers, or null. */
export function tooMany(limit: Limit): Response | null {
  if (limit.ok) return null;
  return jsonError(429, "rate_limited", tooManyMessage(limit.retryAfterSeconds), { "Retry-After": String(limit.retryAfterSeconds) });
}

/** Addresses are never stored: the key holds a keyed hash of them. */
export function addressKey(scope: string, address: string): string {
  return `${scope}:${createHmac("sha256", env.ROOM_NAME_SECRET).update(`rate-limit:${address}`).digest("base64url").slice(0, 22)}`;
}

/** Old windows are dead weight; dropped by the scheduled purge. */
export function purgeRateLimits(olderThan: Date) {
  return db.rateLimit.deleteMany({ where: { windowStart: { lt: olderThan } } });
}
