// Runs against the local Postgres (the `test` database, migrated here): the limiter is SQL.
import { beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { PEER_HEADER } from "@/lib/http/client-address";
import { addressKey, hit, hitAll, limitTokenRequests } from "@/lib/rate-limit";

describe("rate limits", () => {
  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
  });

  it("allows `max` hits in a window, then says how long to wait; a new window starts afresh", async () => {
    const key = `test:${crypto.randomUUID()}`;
    const t0 = Date.UTC(2030, 0, 1, 12, 0, 10);
    for (let i = 0; i < 3; i++) expect(await hit(key, 3, 60, t0)).toEqual({ ok: true });
    expect(await hit(key, 3, 60, t0)).toEqual({ ok: false, retryAfterSeconds: 50 });
    expect(await hit(key, 3, 60, t0 + 60_000)).toEqual({ ok: true });
  });

  it("counts concurrent hits exactly (one row, atomic upsert)", async () => {
    const key = `test:${crypto.randomUUID()}`;
    const t = Date.UTC(2030, 0, 1, 12, 5, 0);
    const results = await Promise.all(Array.from({ length: 20 }, () => hit(key, 10, 60, t)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it("never keeps an address in the clear", () => {
    const key = addressKey("join", "203.0.113.9");
    expect(key).not.toContain("203.0.113");
    expect(addressKey("join", "203.0.113.9")).toBe(key);
  });

  it("counts several keys in one statement; the longest wait wins when any is over", async () => {
    const [a, b] = [`test:${crypto.randomUUID()}`, `test:${crypto.randomUUID()}`];
    const t = Date.UTC(2030, 0, 1, 12, 10, 30);
    expect(await hitAll([{ key: a, max: 1 }, { key: b, max: 5 }], 60, t)).toEqual({ ok: true });
    expect(await hitAll([{ key: b, max: 5 }, { key: a, max: 1 }], 60, t)).toEqual({ ok: false, retryAfterSeconds: 30 });
    // Both were counted, the refused hit too.
    expect(await hit(b, 3, 60, t)).toEqual({ ok: true });
  });

  // Issue 14: nothing throttled the token routes for signed-in users.
  it("limits token requests per user with 429 and Retry-After", async () => {
    const user = crypto.randomUUID();
    const headers = new Headers({ [PEER_HEADER]: "192.0.2.1" });
    for (let i = 0; i < 20; i++) expect(await limitTokenRequests(user, headers)).toBeNull();
    const refused = await limitTokenRequests(user, headers);
    // A minute boundary inside the loop restarts the count; then the 21st is still allowed.
    if (refused) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    }
    expect(await limitTokenRequests(crypto.randomUUID(), headers)).toBeNull();
  });
});
