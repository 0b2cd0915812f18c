// Reads the two sides of README's data inventory: the fields the Prisma schema stores, and the
// fields, cookies and token claims the README names. Used by the inventory's unit and e2e tests.
import { readFileSync } from "node:fs";
import path from "node:path";

// Both test runners start in the repository root.
const root = process.cwd();

/** Model → its stored fields (relation fields, which hold nothing themselves, left out). */
export function schemaFields(schema = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8")): Map<string, string[]> {
  const blocks = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const models = new Set(blocks.map((b) => b[1]!));
  return new Map(
    blocks.map(([, name, body]) => [
      name!,
      body!
        .split("\n")
        .map((line) => line.trim().match(/^(\w+)\s+(\w+)/))
        .filter((m): m is RegExpMatchArray => !!m && !models.has(m[2]!))
        .map((m) => m[1]!),
    ]),
  );
}

/** The "Data inventory" section of README.md. */
export function inventoryText(readme = readFileSync(path.join(root, "README.md"), "utf8")): string {
  const heading = "#### Data inventory\n";
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error("README.md has no \"#### Data inventory\" section");
  const body = readme.slice(start + heading.length);
  const end = body.search(/^#{2,4} /m);
  return end < 0 ? body : body.slice(0, end);
}

/** Model → the fields the inventory's table rows name (first cell the model, second its fields). */
export function inventoryFields(text = inventoryText()): Map<string, string[]> {
  const named = new Map<string, string[]>();
  for (const [, model, fields] of text.matchAll(/^\| `(\w+)` \| ((?:`\w+`(?:, )?)+) \|/gm)) {
    named.set(model!, [...(named.get(model!) ?? []), ...[...fields!.matchAll(/`(\w+)`/g)].map((f) => f[1]!)]);
  }
  return named;
}
