// Fixed-window rate limits kept in Postgres, so every portal instance counts together.
import "server-only";
import { createHmac } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type Limit = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one hit on `key`; refuses once more than `max` fall in the current window. */
export async function hit(key: string, max: number, windowSeconds = 60, now = Date.now()): Promise<Limit> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    insert into "RateLimit" (key, "windowStart", count) values (${key}, ${windowStart}, 1)
    on conflict (key) do update set
      count = case when "RateLimit"."windowStart" = excluded."windowStart" then "RateLimit".count + 1 else 1 end,
      "windowStart" = excluded."windowStart"
    returning count`;
  if ((rows[0]?.count ?? 0) <= max) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000)) };
}

/** Addresses are never stored: the key holds a keyed hash of them. */
export function addressKey(scope: string, address: string): string {
  return `${scope}:${createHmac("sha256", env.ROOM_NAME_SECRET).update(`rate-limit:${address}`).digest("base64url").slice(0, 22)}`;
}

/** Old windows are dead weight; dropped by the scheduled purge. */
export function purgeRateLimits(olderThan: Date) {
  return db.rateLimit.deleteMany({ where: { windowStart: { lt: olderThan } } });
}

/**
 * The client address as the TLS proxy saw it: the last X-Forwarded-For entry (Caddy overwrites a
 * client-sent header; Next.js fills it from the socket when no proxy is in front).
 */
export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}
