// Hot statements are prepared once per connection; everything else stays unnamed (lib/db/adapter.ts).
import { expect, it } from "vitest";
import { db } from "@/lib/db";
import { PREPARED, PREPARED_SQL, preparedName } from "@/lib/db/adapter";

it("names only statements marked as prepared, the same text always by the same name", () => {
  const text = `${PREPARED} select 1`;
  expect(preparedName({ sql: text })).toMatch(/^p_[\w-]{40}$/);
  expect(preparedName({ sql: `${text}` })).toBe(preparedName({ sql: text }));
  expect(preparedName({ sql: `${PREPARED} select 2` })).not.toBe(preparedName({ sql: text }));
  expect(preparedName({ sql: "select 1" })).toBeUndefined();
  expect(preparedName({ sql: `select 1 ${PREPARED}` })).toBeUndefined();
});

it("a prepared statement answers with each call's own values, again and again on the same connections", async () => {
  const ask = (n: number) => db.$queryRaw<{ n: number }[]>`${PREPARED_SQL} select ${n}::int as n`;
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i)));
  expect(answers.map(([row]) => row!.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  // On one connection (a transaction holds it): the statement is among those it has prepared.
  const names = await db.$transaction(async (tx) => {
    await tx.$queryRaw`${PREPARED_SQL} select 41 as n`;
    return tx.$queryRaw<{ name: string }[]>`select name from pg_prepared_statements`;
  });
  expect(names.map((r) => r.name)).toContain(preparedName({ sql: `${PREPARED} select 41 as n` }));
});
