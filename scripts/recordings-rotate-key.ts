// npm run recordings:rotate-key — re-wraps every recording's data key with RECORDINGS_MASTER_KEY,
// reading the old wrapping with RECORDINGS_MASTER_KEY_PREVIOUS (lib/recordings/rotate.ts has the
// whole procedure). Safe to run again; exits 1 while any key could not be re-wrapped.
// In the Docker stack: docker compose … exec portal node recordings-rotate-key.mjs
// Plain `pg` rather than the Prisma client, so the image can carry it as one bundled file.
import pg from "pg";
import { env } from "@/lib/env";
import { masterKeys } from "@/lib/recordings/config";
import { type KeyStore, rewrapAll } from "@/lib/recordings/rotate";

const client = new pg.Client({ connectionString: env.DATABASE_URL });
await client.connect();

const store: KeyStore = {
  async notWrappedBy(currentKeyId, afterId, limit) {
    const res = await client.query(
      `select id::text, "wrappedKey", "masterKeyId" from "Recording" where "masterKeyId" <> $1 and id > $2::uuid order by id limit $3`,
      [currentKeyId, afterId, limit],
    );
    return res.rows;
  },
  async replace(row, wrappedKey, masterKeyId) {
    const res = await client.query(`update "Recording" set "wrappedKey" = $1, "masterKeyId" = $2 where id = $3::uuid and "wrappedKey" = $4`, [
      wrappedKey,
      masterKeyId,
      row.id,
      row.wrappedKey,
    ]);
    return res.rowCount === 1;
  },
};

try {
  const keys = masterKeys();
  const { rewrapped, failed } = await rewrapAll(store, keys);
  const left = await client.query(`select count(*)::int as n from "Recording" where "masterKeyId" <> $1`, [keys.current.id]);
  console.log(`Re-wrapped ${rewrapped} recording key(s) with master key ${keys.current.id}; ${left.rows[0].n} left on other keys.`);
  for (const f of failed) console.error(`  ${f.id}: ${f.reason}`);
  process.exitCode = failed.length || left.rows[0].n ? 1 : 0;
} finally {
  await client.end();
}
