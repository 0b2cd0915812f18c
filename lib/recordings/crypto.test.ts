import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decryptRange, encryptStream, masterKeyFrom, newDataKey, unwrapDataKey, wrapDataKey } from "@/lib/recordings/crypto";
import { HEADER_SIZE, MAGIC, RecordingIntegrityError, TAG_SIZE, chunkSpan, cipherSizeFor, decodeHeader } from "@/lib/recordings/format";

const CHUNK = 1024; // small chunks: many boundaries in little data

async function encrypt(plain: Buffer, key: Buffer, pieces = 7): Promise<Buffer> {
  // Uneven pieces, as a network delivers them.
  const parts = [];
  for (let i = 0; i < plain.length; i += Math.ceil(plain.length / pieces) || 1) parts.push(plain.subarray(i, i + Math.ceil(plain.length / pieces)));
  const out: Buffer[] = [];
  for await (const c of Readable.from(parts).pipe(encryptStream(key, CHUNK))) out.push(c as Buffer);
  return Buffer.concat(out);
}

/** What storage.read(cipherStart, cipherEnd) would yield, in awkward 100-byte pieces. */
async function decrypt(file: Buffer, key: Buffer, plainSize: number, start: number, end: number): Promise<Buffer> {
  const header = decodeHeader(file.subarray(0, HEADER_SIZE), CHUNK);
  const span = chunkSpan(plainSize, CHUNK, start, end);
  const bytes = file.subarray(span.cipherStart, span.cipherEnd + 1);
  const pieces = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, i * 100 + 100));
  const out: Buffer[] = [];
  for await (const part of decryptRange(key, header, plainSize, start, end, Readable.from(pieces))) out.push(part);
  return Buffer.concat(out);
}

describe("recording encryption", () => {
  it("round-trips files of every awkward size, at the size the format predicts", async () => {
    for (const size of [1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17]) {
      const plain = randomBytes(size);
      const key = newDataKey();
      const file = await encrypt(plain, key);
      expect(file.length, `size ${size}`).toBe(cipherSizeFor(size, CHUNK));
      expect(file.subarray(0, 4).equals(MAGIC)).toBe(true);
      expect(await decrypt(file, key, size, 0, size - 1)).toEqual(plain);
    }
  });

  it("leaves no plaintext in the file", async () => {
    const plain = Buffer.alloc(8 * CHUNK, "ftypisom plaintext ");
    const file = await encrypt(plain, newDataKey());
    expect(file.includes(Buffer.from("ftyp"))).toBe(false);
    expect(file.includes(plain.subarray(0, 32))).toBe(false);
  });

  it("decrypts any range, across and at chunk boundaries", async () => {
    const size = 4 * CHUNK + 100;
    const plain = randomBytes(size);
    const key = newDataKey();
    const file = await encrypt(plain, key);
    const ranges: [number, number][] = [[0, 0], [0, CHUNK - 1], [CHUNK - 1, CHUNK], [CHUNK, 2 * CHUNK - 1], [CHUNK + 5, 3 * CHUNK + 5], [size - 1, size - 1], [4 * CHUNK, size - 1], [10, size - 1]];
    for (const [start, end] of ranges) expect(await decrypt(file, key, size, start, end), `${start}-${end}`).toEqual(plain.subarray(start, end + 1));
  });

  it("refuses a flipped byte anywhere: header, ciphertext or tag", async () => {
    const size = 3 * CHUNK;
    const key = newDataKey();
    const file = await encrypt(randomBytes(size), key);
    for (const at of [12, HEADER_SIZE, HEADER_SIZE + CHUNK + TAG_SIZE + 7, file.length - 1]) {
      const bad = Buffer.from(file);
      bad[at]! ^= 0x01;
      await expect(decrypt(bad, key, size, 0, size - 1), `byte ${at}`).rejects.toThrow(RecordingIntegrityError);
    }
  });

  it("yields nothing of a chunk that fails, only the verified ones before it", async () => {
    const size = 3 * CHUNK;
    const plain = randomBytes(size);
    const key = newDataKey();
    const bad = await encrypt(plain, key);
    bad[HEADER_SIZE + 2 * (CHUNK + TAG_SIZE) + 3]! ^= 0x80; // third chunk
    const header = decodeHeader(bad.subarray(0, HEADER_SIZE), CHUNK);
    const seen: Buffer[] = [];
    await expect(async () => {
      for await (const part of decryptRange(key, header, size, 0, size - 1, Readable.from([bad.subarray(HEADER_SIZE)]))) seen.push(part);
    }).rejects.toThrow(/chunk 2/);
    expect(Buffer.concat(seen)).toEqual(plain.subarray(0, 2 * CHUNK));
  });

  it("detects truncation, a dropped final chunk, and reordered chunks", async () => {
    const size = 3 * CHUNK;
    const key = newDataKey();
    const file = await encrypt(randomBytes(size), key);
    const stride = CHUNK + TAG_SIZE;
    // The file cut short: the last chunk is incomplete.
    await expect(decrypt(file.subarray(0, file.length - 5), key, size, 0, size - 1)).rejects.toThrow(/truncated/);
    // The last chunk dropped and the entry's size lowered to match: chunk 1 was not sealed as final.
    await expect(decrypt(file.subarray(0, HEADER_SIZE + 2 * stride), key, 2 * CHUNK, 0, 2 * CHUNK - 1)).rejects.toThrow(RecordingIntegrityError);
    // Chunks 0 and 1 swapped: each is bound to its index.
    const swapped = Buffer.concat([file.subarray(0, HEADER_SIZE), file.subarray(HEADER_SIZE + stride, HEADER_SIZE + 2 * stride), file.subarray(HEADER_SIZE, HEADER_SIZE + stride), file.subarray(HEADER_SIZE + 2 * stride)]);
    await expect(decrypt(swapped, key, size, 0, size - 1)).rejects.toThrow(RecordingIntegrityError);
  });

  it("refuses the wrong data key", async () => {
    const file = await encrypt(randomBytes(100), newDataKey());
    await expect(decrypt(file, newDataKey(), 100, 0, 99)).rejects.toThrow(RecordingIntegrityError);
  });

  it("streams a large file in constant memory", async () => {
    const key = newDataKey();
    const total = 256 * 1024 * 1024;
    const piece = randomBytes(1024 * 1024);
    const hash = createHash("sha256");
    let written = 0;
    const source = Readable.from((function* () { for (let i = 0; i < total / piece.length; i++) yield piece; })());
    const before = process.memoryUsage().rss;
    for await (const c of source.pipe(encryptStream(key, 64 * 1024))) {
      hash.update(c as Buffer);
      written += (c as Buffer).length;
    }
    expect(written).toBe(cipherSizeFor(total, 64 * 1024));
    // Buffering the file would grow by its whole size.
    expect(process.memoryUsage().rss - before).toBeLessThan(96 * 1024 * 1024);
  });
});

describe("data key wrapping", () => {
  const oldMaster = masterKeyFrom(randomBytes(32).toString("base64"));
  const newMaster = masterKeyFrom(randomBytes(32).toString("hex"));

  it("names master keys by a fingerprint that does not reveal them", () => {
    expect(oldMaster.id).toMatch(/^[0-9a-f]{16}$/);
    expect(oldMaster.id).not.toBe(newMaster.id);
    expect(oldMaster.key.toString("hex")).not.toContain(oldMaster.id);
  });

  it("unwraps only with the same master key and the same recording id", () => {
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(oldMaster, dataKey, "rec-1");
    expect(unwrapDataKey(oldMaster, wrapped, "rec-1")).toEqual(dataKey);
    expect(() => unwrapDataKey(newMaster, wrapped, "rec-1")).toThrow(RecordingIntegrityError);
    expect(() => unwrapDataKey(oldMaster, wrapped, "rec-2")).toThrow(RecordingIntegrityError);
  });

  it("re-wraps under a new master key without touching the file", async () => {
    const dataKey = newDataKey();
    const plain = randomBytes(3000);
    const file = await encrypt(plain, dataKey);
    const rewrapped = wrapDataKey(newMaster, unwrapDataKey(oldMaster, wrapDataKey(oldMaster, dataKey, "r"), "r"), "r");
    expect(await decrypt(file, unwrapDataKey(newMaster, rewrapped, "r"), 3000, 0, 2999)).toEqual(plain);
  });
});
