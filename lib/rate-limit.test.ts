// Runs against the local Postgres (the `test` database, migrated here): the limiter is SQL.
import { beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { addressKey, clientAddress, hit } from "@/lib/rate-limit";

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

  it("takes the address the proxy appended", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.0.0.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
