import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_JSON_BYTES, mutationRefusal, readJsonBody } from "./request-guard";

const portal = "http://127.0.0.1:3000";
const FOREIGN_SAME_SITE = "http://meet.127.0.0.1.nip.io:3000";
const refusal = (headers: Record<string, string>, max = 1000) => mutationRefusal(new Headers(headers), max, portal)?.status ?? null;

describe("mutationRefusal", () => {
  it("lets the portal's own pages through, and callers that are no browser page", () => {
    expect(refusal({ origin: portal })).toBeNull();
    expect(refusal({ origin: portal, "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal({ "sec-fetch-site": "same-origin" })).toBeNull();
    // Neither header: not sent by a browser page, so no cookie of the person's can be riding along.
    expect(refusal({})).toBeNull();
  });

  // Issue 14: a text/plain POST from a sibling subdomain (same site, so SameSite=Lax cookies ride along).
  it.each([
    [{ origin: "https://meet.example.org" }],
    [{ origin: "http://127.0.0.1:3000.evil.test" }],
    [{ origin: "null" }],
    [{ origin: portal, "sec-fetch-site": "same-site" }],
    [{ "sec-fetch-site": "same-site" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ origin: FOREIGN_SAME_SITE, "sec-fetch-site": "same-origin" }],
  ])("refuses %j with 403", (headers) => expect(refusal(headers)).toBe(403));

  it("refuses a declared body over the limit with 413", () => {
    expect(refusal({ origin: portal, "content-length": "1001" })).toBe(413);
    expect(refusal({ origin: portal, "content-length": "1000" })).toBeNull();
    expect(refusal({ origin: portal, "content-length": "junk" })).toBe(413);
  });
});

describe("readJsonBody", () => {
  const schema = z.object({ n: z.number() });
  const post = (body: BodyInit, type = "application/json") => new Request(portal, { method: "POST", headers: { "content-type": type }, body, duplex: "half" } as RequestInit);

  it("parses JSON with the schema", async () => {
    expect(await readJsonBody(post('{"n":1}'), schema)).toEqual({ n: 1 });
    expect(await readJsonBody(post('{"n":1}', "application/json; charset=utf-8"), schema)).toEqual({ n: 1 });
  });

  it.each([
    ["text/plain (a simple cross-site request)", post('{"n":1}', "text/plain"), 403],
    ["a form post", post("n=1", "application/x-www-form-urlencoded"), 403],
    ["broken JSON", post("{"), 400],
    ["the wrong shape", post('{"n":"1"}'), 422],
  ])("answers %s with %i", async (_name, req, status) => {
    const res = await readJsonBody(req, schema);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(status);
    expect(await (res as Response).json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  // Issue 14: the admin API accepted a 50 MB body. A chunked body has no Content-Length to check.
  it("stops reading a body past the limit: 413", async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 64 * 1024;
        if (sent > 50 * 1024 * 1024) c.close();
        else c.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const res = (await readJsonBody(post(stream), schema)) as Response;
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(4 * MAX_JSON_BYTES);
  });
});

// Every state-changing route handler runs the guard; the exceptions authenticate otherwise.
describe("route handlers", () => {
  const EXEMPT: Record<string, string> = {
    "app/api/auth/[...nextauth]/route.ts": "next-auth checks its own CSRF token",
    "app/api/auth/backchannel-logout/route.ts": "server to server: the signed logout token is the credential",
    "app/api/internal/recordings/route.ts": "server to server: an HMAC over every upload",
    "app/api/internal/prosody/events/[...path]/route.ts": "server to server: Prosody's bearer secret, JSON only",
  };
  const routes = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? routes(full) : name === "route.ts" ? [full] : [];
    });

  it("guard every POST, PUT, PATCH and DELETE", () => {
    const unguarded = routes("app")
      .filter((file) => !(file in EXEMPT))
      .filter((file) => {
        const source = readFileSync(file, "utf8");
        const mutates = /export (async function|const) (POST|PUT|PATCH|DELETE)\b/.test(source);
        return mutates && !/refuseCrossSite\(|admin(User)?Route\(/.test(source);
      });
    expect(unguarded).toEqual([]);
  });
});
