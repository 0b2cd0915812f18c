// Issue 21 item 7: one header policy for every response the portal sends, pages or not: route
// handlers, next-auth, 404s, the proxy's own redirects and refusals, static files, server actions.
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { e2eEnv } from "./env";
import { sql } from "./db";

const jitsi = `"https://${e2eEnv.JITSI_DOMAIN}"`;

/** The same header set everywhere; the CSP differs only in the nonce proxy.ts adds for pages. */
function expectPolicy(res: APIResponse, what: string) {
  const all = res.headersArray();
  const csp = all.filter((h) => h.name.toLowerCase() === "content-security-policy").map((h) => h.value);
  expect(csp, `${what}: one CSP`).toHaveLength(1);
  const directives = csp[0]!.replace(/ 'nonce-[^']+'/, "").split("; ");
  expect(directives, what).toEqual(expect.arrayContaining(["base-uri 'none'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'self'"]));
  const h = res.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("same-origin");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["cross-origin-opener-policy"], what).toBe("same-origin");
  // The conference frame still gets camera and microphone from the Jitsi origin (e2e/conference.spec.ts).
  expect(h["permissions-policy"], what).toContain(`camera=(self ${jitsi})`);
  expect(h["permissions-policy"], what).toContain(`microphone=(self ${jitsi})`);
  return directives.join("; ");
}

/** Every route handler under app/, with a placeholder for each dynamic segment, by the first method it exports. */
function routeHandlers(): { url: string; method: "GET" | "POST" | "PUT" | "DELETE" }[] {
  const found: { url: string; method: "GET" | "POST" | "PUT" | "DELETE" }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name === "route.ts") {
        const source = readFileSync(file, "utf8");
        const method = (["GET", "POST", "PUT", "DELETE"] as const).find((m) => new RegExp(`export (async function|const|\\{[^}]*as) ?${m}\\b`).test(source)) ?? "GET";
        const url = path
          .relative("app", path.dirname(file))
          .split(path.sep)
          .filter((s) => !/^\(.*\)$/.test(s))
          .map((s) => (s === "[...nextauth]" ? "session" : s.startsWith("[") ? randomUUID() : s))
          .join("/");
        found.push({ url: `/${url}`, method });
      }
    }
  };
  walk("app");
  return found;
}

const send = (request: APIRequestContext, method: string, url: string, headers: Record<string, string> = {}) =>
  request.fetch(url, { method, headers, maxRedirects: 0, failOnStatusCode: false });

test("every kind of response carries the same security headers", async ({ request }) => {
  const seen = new Map<string, string>();
  const check = (res: APIResponse, what: string) => seen.set(what, expectPolicy(res, what));

  check(await send(request, "GET", "/login"), "page");
  const handlers = routeHandlers();
  expect(handlers.length).toBeGreaterThan(10);
  for (const { url, method } of handlers) check(await send(request, method, url), `${method} ${url}`);
  check(await send(request, "GET", "/api/auth/providers"), "next-auth endpoint");
  check(await send(request, "GET", "/api/auth/csrf"), "next-auth csrf");
  check(await send(request, "GET", "/api/no-such-thing"), "API 404");
  check(await send(request, "GET", "/no-such-page"), "page 404");

  const redirect = await send(request, "GET", "/meetings");
  expect(redirect.status()).toBe(307);
  check(redirect, "proxy redirect");
  const refused = await send(request, "POST", "/meetings/new", { "Next-Action": "0".repeat(42), Origin: "https://evil.example" });
  expect(refused.status()).toBe(403);
  check(refused, "proxy refusal");
  check(await send(request, "POST", "/", { "Next-Action": "0".repeat(42), Origin: e2eEnv.PORTAL_URL }), "server action POST");

  const html = await (await send(request, "GET", "/login")).text();
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  check(await send(request, "GET", script!), "static asset");
  check(await send(request, "GET", "/robots.txt"), "public file");

  // The invite pages' rate limit answers from the proxy itself. A fresh address, so nothing else counts.
  const address = { "X-Forwarded-For": `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
  let limited: APIResponse | undefined;
  for (let i = 0; i < 2 * Number(e2eEnv.RATE_LIMIT_PER_ADDRESS_PER_MINUTE) + 1 && !limited; i++) {
    const res = await send(request, "GET", `/join/${randomUUID()}`, address);
    if (res.status() === 429) limited = res;
  }
  expect(limited, "the limit is reached").toBeTruthy();
  check(limited!, "429 page");
  await sql(`delete from "RateLimit" where key like 'join-%'`);

  // Apart from the nonce, one policy.
  expect(new Set(seen.values()).size, [...seen].map(([k, v]) => `${k}: ${v}`).join("\n")).toBe(1);
});
