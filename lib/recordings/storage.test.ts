import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DirectoryStorage } from "@/lib/recordings/storage";

let root: string;
let storage: DirectoryStorage;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "recordings-storage-"));
  storage = new DirectoryStorage(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const tempFiles = () => readdirSync(path.join(root, ".tmp"));

async function readAll(stream: Readable) {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

describe("directory storage", () => {
  it("stores a stream under its key and reads back any range", async () => {
    const data = Buffer.from("0123456789abcdef");
    expect(await storage.put("a1.x", Readable.from([data.subarray(0, 5), data.subarray(5)]))).toBe(16);
    expect(await storage.exists("a1.x")).toBe(true);
    expect(await readAll(storage.read("a1.x", 3, 9))).toEqual(data.subarray(3, 10));
    expect(tempFiles()).toEqual([]);
    expect((await storage.list("a1.")).map((o) => o.key)).toEqual(["a1.x"]);
    await storage.delete("a1.x");
    await storage.delete("a1.x"); // already gone: fine
    expect(await storage.exists("a1.x")).toBe(false);
  });

  it("publishes nothing and keeps no temporary file when the stream fails half-way", async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from("half of it");
        throw new Error("connection lost");
      })(),
    );
    await expect(storage.put("b2.y", failing)).rejects.toThrow("connection lost");
    expect(await storage.exists("b2.y")).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it("discards unfinished writes of one recording, or any that are stale", async () => {
    // A crashed process leaves its temporary file behind; simulate two.
    mkdirSync(path.join(root, ".tmp"), { recursive: true });
    writeFileSync(path.join(root, ".tmp", "c3.id1.tmpa.part"), "x");
    writeFileSync(path.join(root, ".tmp", "d4.id2.tmpb.part"), "y");
    expect(await storage.discardIncomplete({ prefix: "c3" })).toBe(1);
    expect(tempFiles()).toEqual(["d4.id2.tmpb.part"]);
    expect(await storage.discardIncomplete({ olderThan: new Date(Date.now() - 60_000) })).toBe(0);
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(root, ".tmp", "d4.id2.tmpb.part"), old, old);
    expect(await storage.discardIncomplete({ olderThan: new Date(Date.now() - 3600_000) })).toBe(1);
    expect(tempFiles()).toEqual([]);
  });

  it("refuses keys that could leave the directory", () => {
    for (const key of ["../x", "a/b", ".tmp", ""]) expect(() => storage.read(key, 0, 1), key).toThrow(/invalid storage key/);
  });
});
