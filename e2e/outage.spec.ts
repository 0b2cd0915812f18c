// A portal of its own on a Postgres of its own (e2e/own-portal.ts): the database stops and starts while
// requests keep coming (issue 14: a wall of 500s and 4,073 error lines), and the portal reached
// without a proxy, where X-Forwarded-For is anybody's word.
import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { e2eEnv } from "./env";
import { OwnPortal, OwnPostgres, freePort } from "./own-portal";

test.describe.configure({ mode: "serial" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let db: OwnPostgres;
let portal: OwnPortal;
let cookie: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  db = new OwnPostgres(await freePort());
  await db.init();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `insert into "User" (id, subject, name, email, roles, groups) values (gen_random_uuid(), 'outage-user', 'Olly Outage', 'olly@example.test', '{employee}', '{}') returning id`,
  );
  await client.end();
  // The session cookie next-auth would set after a sign-in.
  const session = await encode({ token: { uid: rows[0]!.id, sv: 0, sub: "outage-user", name: "Olly Outage" }, secret: e2eEnv.NEXTAUTH_SECRET });
  cookie = `next-auth.session-token=${session}`;
  // Twenty callers of one account from one address ask far more often than people do: no token limit in their way.
  const unlimited = "1000000";
  portal = new OwnPortal(await freePort(), { DATABASE_URL: db.url, TRUSTED_PROXY_HOPS: "0", RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE: unlimited, RATE_LIMIT_TOKENS_PER_ADDRESS_PER_MINUTE: unlimited });
  await portal.start();
});

test.afterAll(async () => {
  await portal?.stop();
  // The server's own output, for a failed run.
  if (portal) writeFileSync(test.info().outputPath("own-portal.log"), portal.output);
  db?.destroy();
});

// Once more on a reset connection: a kept-alive socket the server closes as the next request goes out
// (Node's keep-alive timeout racing the client's pool) is no answer of the portal's.
const tokenRequest = (): Promise<Response> => {
  const post = () => fetch(`${portal.url}/api/meetings/${crypto.randomUUID()}/token`, { method: "POST", headers: { cookie, origin: portal.url } });
  return post().catch(post);
};

test("reached without a proxy, a rotating X-Forwarded-For does not escape the per-address limit", async () => {
  let limited: Response | undefined;
  const guesses = 2 * Number(e2eEnv.RATE_LIMIT_PER_ADDRESS_PER_MINUTE) + 1;
  for (let i = 0; i < guesses && !limited; i++) {
    const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url").slice(0, 43);
    const res = await fetch(`${portal.url}/join/${token}`, { headers: { "X-Forwarded-For": `203.0.113.${(i % 250) + 1}` } });
    if (res.status === 429) limited = res;
    else expect(res.status).toBe(404);
  }
  expect(limited, `limited within ${guesses} guesses from one socket address`).toBeTruthy();
});

test("while Postgres is away: 503 with Retry-After and a clear message, a notice page, /api/health says so, one log line each way", async ({ browser }) => {
  test.setTimeout(90_000);
  expect((await tokenRequest()).status).toBe(404);
  expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);

  // Twenty callers keep asking for tokens while the database stops and comes back.
  const statuses: number[] = [];
  let running = true;
  let slowest = 0;
  const load = Promise.all(
    Array.from({ length: 20 }, async () => {
      while (running) {
        const started = Date.now();
        const res = await tokenRequest();
        await res.arrayBuffer();
        slowest = Math.max(slowest, Date.now() - started);
        statuses.push(res.status);
        await sleep(100);
      }
    }),
  );
  await sleep(500);
  db.stop();

  await expect.poll(async () => (await tokenRequest()).status).toBe(503);
  const refused = await tokenRequest();
  expect(refused.headers.get("retry-after")).toBe("5");
  expect(await refused.json()).toEqual({ error: { code: "unavailable", message: expect.stringMatching(/cannot reach its database.*try again/) } });
  const health = await fetch(`${portal.url}/api/health`);
  expect(health.status).toBe(503);
  expect((await health.json()).error.code).toBe("unavailable");
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.addCookies([{ name: "next-auth.session-token", value: cookie.split("=")[1]!, url: portal.url }]);
    const page = await context.newPage();
    const res = await page.goto(`${portal.url}/meetings`);
    expect(res!.status()).toBe(503);
    expect(res!.headers()["retry-after"]).toBe("5");
    await expect(page.locator("h1")).toHaveText("Temporarily unavailable");
    await context.close();
  }
  await sleep(2000);

  db.start();
  await expect.poll(async () => (await tokenRequest()).status, { timeout: 15_000 }).toBe(404);
  running = false;
  await load;
  expect((await fetch(`${portal.url}/meetings`, { headers: { cookie } })).status).toBe(200);

  // Issue 14: every request got a generic 500, and the server wrote thousands of error lines.
  expect(statuses.filter((s) => s !== 404 && s !== 503)).toEqual([]);
  expect(statuses).toContain(503);
  expect(slowest).toBeLessThan(6000);
  const lines = portal.output.split("\n");
  expect(lines.filter((l) => l.includes("database unreachable")), portal.output).toHaveLength(1);
  expect(lines.filter((l) => l.includes("database reachable again")), portal.output).toHaveLength(1);
  expect(lines.filter((l) => /route failed|action failed|Prisma|Error:/.test(l)), portal.output).toEqual([]);
});
