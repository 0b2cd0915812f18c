// Runs after every spec (project "logs" in playwright.config.ts): the portal server's whole output
// during the run holds no secret, no token, no email address and no guest name (README "Privacy" → "Logs").
import { readFileSync, readdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { SERVER_LOG, e2eEnv } from "./env";

// Guest names the specs type in; literal ones are also collected from the specs themselves.
const GUEST_NAMES = ["Zoë 👋", "Ana", "Ben", "Gita", "Gus Guest", "Ines Inventory", "مرحبا بالعالم", "🙂🙂 Ünïcødé"];

test("the portal's output holds no secrets and no personal data", () => {
  const log = readFileSync(SERVER_LOG, "utf8");
  // The server did run and print (Next's banner): an empty file would prove nothing.
  expect(log).toContain("Ready");

  const secrets = Object.entries(e2eEnv).filter(([k]) => /SECRET|MASTER_KEY/.test(k)).map(([, v]) => v);
  const users = JSON.parse(readFileSync("docker/keycloak/dev-users.json", "utf8")) as { users: { email: string }[] };
  const literal = (needle: string) => ({ needle, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u") });
  const checks = [
    ...secrets.map(literal),
    ...users.users.map((u) => literal(u.email)),
    ...[...new Set([...GUEST_NAMES, ...guestNamesInSpecs()])].map(literal),
    { needle: "a JWT", pattern: /eyJ[\w-]+\.[\w-]+\.[\w-]*/ },
    { needle: "an email address", pattern: /[\w.+-]+@[\w-]+\.[a-z]{2,}\b/i },
    { needle: "an invite or feed secret", pattern: /\/(?:join|calendar)\/[A-Za-z0-9_-]{20,}/ },
  ];
  const found = checks.filter((c) => c.pattern.test(log)).map((c) => c.needle);
  expect(found, `found in ${SERVER_LOG}`).toEqual([]);
});

function guestNamesInSpecs(): string[] {
  return readdirSync("e2e")
    .filter((f) => f.endsWith(".spec.ts"))
    .flatMap((f) => [...readFileSync(`e2e/${f}`, "utf8").matchAll(/getByLabel\("Your name"\)\.fill\("([^"]+)"\)/g)].map((m) => m[1]!.trim()));
}
