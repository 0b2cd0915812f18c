// The OpenAPI document describes every route handler the portal has, with the methods it exports,
// and every webhook event an endpoint can subscribe to.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/event-names";

const app = path.join(process.cwd(), "app");
const METHOD = /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|export \{([^}]*)\}/g;

function routes(dir = app): { file: string; path: string; methods: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routes(full);
    if (e.name !== "route.ts") return [];
    const url = path
      .relative(app, dir)
      .split(path.sep)
      .filter((s) => !/^\(.*\)$/.test(s)) // route groups are not in the URL
      .map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
      .join("/");
    const methods = [...readFileSync(full, "utf8").matchAll(METHOD)].flatMap((m) => (m[1] ? [m[1]] : [...m[2]!.matchAll(/as (GET|POST|PUT|PATCH|DELETE)/g)].map((x) => x[1]!)));
    return [{ file: path.relative(process.cwd(), full), path: `/${url}`, methods }];
  });
}

describe("OpenAPI document", () => {
  const doc = openApiDocument("https://portal.example.org");
  const paths = doc.paths as Record<string, Record<string, unknown>>;

  it("describes every route handler with each method it exports", () => {
    const found = routes();
    expect(found.length).toBeGreaterThan(15);
    for (const r of found) {
      expect(r.methods.length, r.file).toBeGreaterThan(0);
      // A catch-all route is described by each concrete path under it.
      const described = paths[r.path] ? [r.path] : Object.keys(paths).filter((p) => r.path.endsWith("}") && p.startsWith(r.path.slice(0, r.path.lastIndexOf("{"))));
      expect(described.length, `${r.file} (${r.path}) is not in lib/openapi.ts`).toBeGreaterThan(0);
      for (const p of described) for (const m of r.methods) expect(paths[p]![m.toLowerCase()], `${m} ${p}`).toBeDefined();
    }
  });

  it("describes every webhook event with the signature headers", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const hook of Object.values(doc.webhooks) as { post: { parameters: { name: string }[] } }[]) {
      expect(hook.post.parameters.map((p) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
    }
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.openapi).toBe("3.1.0");
  });
});
