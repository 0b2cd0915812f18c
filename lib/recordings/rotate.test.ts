import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { masterKeyFrom, newDataKey, unwrapDataKey, wrapDataKey } from "@/lib/recordings/crypto";
import { type KeyStore, type WrappedKeyRow, rewrapAll } from "@/lib/recordings/rotate";

const key = () => masterKeyFrom(randomBytes(32).toString("base64"));

function memoryStore(rows: WrappedKeyRow[]): KeyStore {
  return {
    async notWrappedBy(current, afterId, limit) {
      return rows.filter((r) => r.masterKeyId !== current && r.id > afterId).sort((a, b) => a.id.localeCompare(b.id)).slice(0, limit).map((r) => ({ ...r }));
    },
    async replace(row, wrappedKey, masterKeyId) {
      const stored = rows.find((r) => r.id === row.id && r.wrappedKey === row.wrappedKey);
      if (!stored) return false;
      Object.assign(stored, { wrappedKey, masterKeyId });
      return true;
    },
  };
}

describe("master key rotation", () => {
  it("re-wraps every data key under the new master key, in batches, and keeps the data keys", async () => {
    const [old, next] = [key(), key()];
    const dataKeys = new Map<string, Buffer>();
    const rows = Array.from({ length: 7 }, () => {
      const id = randomUUID();
      dataKeys.set(id, newDataKey());
      return { id, wrappedKey: wrapDataKey(old, dataKeys.get(id)!, id), masterKeyId: old.id };
    });
    const result = await rewrapAll(memoryStore(rows), { current: next, previous: old }, 3);
    expect(result).toEqual({ rewrapped: 7, failed: [] });
    for (const row of rows) {
      expect(row.masterKeyId).toBe(next.id);
      expect(unwrapDataKey(next, row.wrappedKey, row.id)).toEqual(dataKeys.get(row.id));
    }
    // Nothing left: a second run is a no-op.
    expect(await rewrapAll(memoryStore(rows), { current: next, previous: old })).toEqual({ rewrapped: 0, failed: [] });
  });

  it("reports keys wrapped by a master key it does not have, and leaves them as they were", async () => {
    const [lost, next] = [key(), key()];
    const id = randomUUID();
    const rows = [{ id, wrappedKey: wrapDataKey(lost, newDataKey(), id), masterKeyId: lost.id }];
    const result = await rewrapAll(memoryStore(rows), { current: next, previous: null });
    expect(result.rewrapped).toBe(0);
    expect(result.failed).toEqual([{ id, reason: expect.stringMatching(/not configured/) }]);
    expect(rows[0]!.masterKeyId).toBe(lost.id);
  });
});
