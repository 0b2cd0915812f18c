// Look-ups by address and searches take `_`, `%` and `\` literally, through Prisma on the real
// Postgres (issue 21: `_arol@example.test` made carol a moderator; `filler_@…` matched nine people).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { containsText, escapeLike, sameText } from "@/lib/db/text-match";

const tag = randomUUID().slice(0, 8);
const address = (local: string) => `${local}.${tag}@example.test`;

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL!);
  for (const [name, local] of [["Carol", "carol"], ["Filler One", "filler1"], ["Filler Two", "filler2"], ["Percy", "100pct"], ["Under Score", "a_b"]]) {
    await db.user.create({ data: { subject: randomUUID(), name: `${name} ${tag}`, email: address(local!) } });
  }
});

const emails = async (where: object) => (await db.user.findMany({ where, select: { email: true }, orderBy: { email: "asc" } })).map((u) => u.email);

describe("exact look-ups", () => {
  it("ignore case and nothing else", async () => {
    expect(await emails({ email: sameText(address("CAROL").toUpperCase()) })).toEqual([address("carol")]);
    for (const pattern of ["_arol", "%arol", "c%", "filler_", "filler%"]) expect(await emails({ email: sameText(address(pattern)) })).toEqual([]);
  });
});

describe("searches", () => {
  it("find the text itself, wildcards included", async () => {
    expect(await emails({ email: containsText(`a_b.${tag}`) })).toEqual([address("a_b")]);
    expect(await emails({ email: containsText(`100%.${tag}`) })).toEqual([]);
    expect(await emails({ email: containsText(`filler_.${tag}`) })).toEqual([]);
    expect(await emails({ email: containsText(`FILLER1.${tag}`) })).toEqual([address("filler1")]);
    expect(await emails({ name: containsText(`_ ${tag}`) })).toEqual([]);
  });

  it("escapes exactly the pattern characters", () => {
    expect(escapeLike("a_b%c\\d.e")).toBe("a\\_b\\%c\\\\d.e");
  });
});
