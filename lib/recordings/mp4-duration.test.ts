// A recording's length comes from the file itself when Jibri's script could not measure it.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { mp4DurationProbe } from "@/lib/recordings/mp4-duration";
import { box, fragmentedMp4, mp4File as file, mvhd0, mvhd1 } from "@/test/mp4-fixture";

async function probe(bytes: Buffer, chunk: number) {
  const p = mp4DurationProbe();
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: Buffer[] = [];
  await pipeline(Readable.from(parts), p, async (source: AsyncIterable<Buffer>) => {
    for await (const b of source) out.push(b);
  });
  expect(Buffer.concat(out).equals(bytes)).toBe(true); // passes the file through unchanged
  return p.seconds();
}

describe("mp4DurationProbe", () => {
  it.each([1, 3, 7, 4096, 1 << 20])("reads a 1:02:03.5 recording, however the file is chunked (%i bytes)", async (chunk) => {
    expect(await probe(file(mvhd0(1000, 3_723_500)), chunk)).toBe(3723.5);
  });

  it("reads a version 1 header and a 64-bit box size", async () => {
    const big = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from("free", "latin1"), Buffer.from([0, 0, 0, 0, 0, 0, 0, 24]), Buffer.alloc(8)]);
    expect(await probe(Buffer.concat([big, box("moov", mvhd1(90_000, 90_000n * 61n))]), 5)).toBe(61);
  });

  it("adds up a fragmented recording (a browser's MediaRecorder) to the end of its last fragment", async () => {
    // 90 kHz video: three fragments of 15 frames at 25 fps, then a short one.
    const frames = (n: number) => Array.from({ length: n }, () => 3600);
    expect(await probe(fragmentedMp4(90_000, [frames(15), frames(15), frames(15), frames(5)]), 333)).toBe(2.0);
  });

  it("knows nothing of a file without a movie header, an unknown duration or something that is not an MP4", async () => {
    expect(await probe(box("mdat", Buffer.alloc(1000)), 64)).toBeNull();
    expect(await probe(file(mvhd0(1000, 0xffffffff)), 64)).toBeNull();
    expect(await probe(Buffer.from("not a video at all, just text"), 4)).toBeNull();
  });
});
