import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseDown, isDatabaseDown, noteRecovery, reportError } from "./outage";

describe("database outage", () => {
  afterEach(() => {
    noteRecovery();
    vi.restoreAllMocks();
  });

  it("recognises Prisma's error for a database it cannot reach", async () => {
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://postgres@127.0.0.1:1/none" }) });
    const raw = await db.$queryRaw`select 1`.catch((e: unknown) => e);
    const model = await db.user.count().catch((e: unknown) => e);
    expect(isDatabaseDown(raw)).toBe(true);
    expect(isDatabaseDown(model)).toBe(true);
  });

  it.each([
    [Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    [Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    [new Error("wrapped", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) })],
    [new Error("Connection terminated unexpectedly")],
  ])("recognises %s", (e) => expect(isDatabaseDown(e)).toBe(true));

  it("leaves other errors alone", () => {
    expect(isDatabaseDown(Object.assign(new Error("unique violation"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseDown(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseDown(null)).toBe(false);
  });

  // Issue 14: an 8 s outage wrote 4,073 error lines.
  it("logs an outage once when it starts and once when it ends", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const down = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    for (let i = 0; i < 100; i++) expect(reportError("route failed", down)).toBe(true);
    expect(databaseDown()).toBe(true);
    noteRecovery();
    noteRecovery();
    expect(databaseDown()).toBe(false);
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^database unreachable/), expect.stringMatching(/^database reachable again/)]);
    expect(reportError("route failed", new Error("bug"))).toBe(false);
  });
});
