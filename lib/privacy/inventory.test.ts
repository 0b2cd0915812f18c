// README's data inventory names every field the database stores: a new field fails here until the
// inventory says what it holds, why, who sees it, how long it lives and what deletes it.
import { describe, expect, it } from "vitest";
import { inventoryFields, schemaFields } from "@/lib/privacy/inventory";

describe("data inventory", () => {
  const stored = schemaFields();
  const named = inventoryFields();

  it("reads the schema", () => {
    expect(stored.get("User")).toEqual(expect.arrayContaining(["subject", "name", "email"]));
    expect(stored.get("User")).not.toContain("ownedMeetings");
  });

  it.each([...stored.keys()])("names every field of %s", (model) => {
    const missing = stored.get(model)!.filter((f) => !named.get(model)?.includes(f));
    expect(missing, `fields of ${model} missing from README "Data inventory"`).toEqual([]);
  });

  it("names no model or field the schema does not have", () => {
    const stale = [...named].flatMap(([model, fields]) => fields.filter((f) => !stored.get(model)?.includes(f)).map((f) => `${model}.${f}`));
    expect(stale).toEqual([]);
  });

  it("fails for a field the inventory does not name", () => {
    const schema = "model User {\n  id String @id\n  shoeSize Int\n  meetings Meeting[]\n}\nmodel Meeting {\n  id String @id\n}\n";
    const fields = schemaFields(schema).get("User")!;
    expect(fields.filter((f) => !named.get("User")!.includes(f))).toEqual(["shoeSize"]);
  });
});
