// The quick start's first page fires many queries at once; over the embedded database they used to
// interleave in its single session and fail ("bind message supplies 6 parameters, but prepared
// statement requires 5").
import { afterAll, beforeAll, expect, test } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { dbAdapter } from "@/lib/db/adapter";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { parseEnv } from "@/lib/env";

let embedded: EmbeddedPostgres;
let db: PrismaClient;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres({ port: 0 });
  db = new PrismaClient({ adapter: dbAdapter(parseEnv({ ...process.env, ...embedded.env })) });
});

afterAll(async () => {
  await db?.$disconnect();
  await embedded?.stop();
});

test("parallel queries with different parameter counts all succeed on the embedded database", async () => {
  // Large values arrive in several TCP chunks: that is when another connection's messages got in.
  const big = "x".repeat(300_000);
  const expected: number[] = [];
  const queries = Array.from({ length: 60 }, (_, i) => {
    const params = Array.from({ length: 1 + (i % 6) }, (_, k) => (i % 2 ? big : String(k)));
    expected.push(params.reduce((sum, p) => sum + p.length, 0));
    const sql = `SELECT ${params.map((_, k) => `length($${k + 1}::text)`).join(" + ")} AS sum`;
    return db.$queryRawUnsafe<{ sum: number }[]>(sql, ...params).then((rows) => Number(rows[0]!.sum));
  });
  expect(await Promise.all(queries)).toEqual(expected);
});
