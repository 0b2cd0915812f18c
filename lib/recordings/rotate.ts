// Master key rotation: every recording's data key is unwrapped with the key that wrapped it and
// wrapped again with the current one. Files are not touched: their data keys stay the same.
//   1. RECORDINGS_MASTER_KEY_PREVIOUS = the old key, RECORDINGS_MASTER_KEY = a new one; restart.
//   2. npm run recordings:rotate-key (scripts/recordings-rotate-key.ts) until it reports 0 left.
//   3. Remove RECORDINGS_MASTER_KEY_PREVIOUS; restart.
import type { MasterKeys } from "@/lib/recordings/config";
import { wrapDataKey } from "@/lib/recordings/crypto";
import { dataKeyOf } from "@/lib/recordings/read";

export type WrappedKeyRow = { id: string; wrappedKey: string; masterKeyId: string };

/** Where the wrapped keys live (the Recording table); kept abstract so the CLI needs no Prisma client. */
export type KeyStore = {
  /** Up to `limit` rows not wrapped by `currentKeyId`, with ids after `afterId`, in id order. */
  notWrappedBy(currentKeyId: string, afterId: string, limit: number): Promise<WrappedKeyRow[]>;
  /** Writes the new wrapping only if the row still holds `row.wrappedKey`; false if it changed or went. */
  replace(row: WrappedKeyRow, wrappedKey: string, masterKeyId: string): Promise<boolean>;
};

export type RewrapResult = { rewrapped: number; failed: { id: string; reason: string }[] };

export async function rewrapAll(store: KeyStore, keys: MasterKeys, batchSize = 200): Promise<RewrapResult> {
  const result: RewrapResult = { rewrapped: 0, failed: [] };
  let afterId = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await store.notWrappedBy(keys.current.id, afterId, batchSize);
    if (rows.length === 0) return result;
    for (const row of rows) {
      try {
        const rewrapped = wrapDataKey(keys.current, dataKeyOf(row, keys), row.id);
        if (await store.replace(row, rewrapped, keys.current.id)) result.rewrapped++;
      } catch (e) {
        result.failed.push({ id: row.id, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    afterId = rows[rows.length - 1]!.id;
  }
}
