// The length of an MP4 recording, read from its movie header ("mvhd") while the file streams past.
// Jibri's finalize script sends the length only when ffprobe is installed; the file always knows it.
// Only box headers are read: media data is skipped, the "moov" box is entered, its "mvhd" collected.
import { Transform, type TransformCallback } from "node:stream";

const HEADER = 8;
const LARGE_HEADER = 16;
// What the header's length needs of mvhd: version and flags (4), two times (4 or 8 each), the
// timescale (4) and the duration (4 or 8).
const MVHD_V0_NEEDED = 20;
const MVHD_V1_NEEDED = 32;

/** A pass-through stream; `seconds()` is the movie's length once the file has gone by, else null. */
export function mp4DurationProbe(): Transform & { seconds: () => number | null } {
  let pending = Buffer.alloc(0); // a box header (or the start of mvhd) read so far
  let want = HEADER; // how many bytes `pending` must hold before it is read
  let inMvhd = false;
  let skip = 0; // bytes of the current box still to pass over
  let seconds: number | null = null;
  let done = false;

  const scan = (data: Buffer) => {
    let at = 0;
    while (!done && at < data.length) {
      if (skip > 0) {
        const n = Math.min(skip, data.length - at);
        skip -= n;
        at += n;
        continue;
      }
      const n = Math.min(want - pending.length, data.length - at);
      pending = Buffer.concat([pending, data.subarray(at, at + n)]);
      at += n;
      if (pending.length < want) continue;
      if (inMvhd) {
        seconds = readMvhd(pending);
        done = true;
        continue;
      }
      const size32 = pending.readUInt32BE(0);
      if (size32 === 1 && want === HEADER) {
        want = LARGE_HEADER; // a 64-bit size follows the type
        continue;
      }
      const size = size32 === 1 ? Number(pending.readBigUInt64BE(8)) : size32 === 0 ? Infinity : size32;
      const type = pending.toString("latin1", 4, 8);
      const body = size - want;
      pending = Buffer.alloc(0);
      want = HEADER;
      if (body < 0) done = true; // not an MP4 box structure
      else if (type === "moov") continue; // entered: its children follow as boxes of their own
      else if (type === "mvhd" && body >= MVHD_V0_NEEDED) [inMvhd, want] = [true, Math.min(body, MVHD_V1_NEEDED)];
      else skip = body;
    }
  };

  const stream = new Transform({
    transform(data: Buffer, _enc, callback: TransformCallback) {
      if (!done) scan(data);
      callback(null, data);
    },
  });
  return Object.assign(stream, { seconds: () => seconds });
}

function readMvhd(box: Buffer): number | null {
  const version = box.readUInt8(0);
  const [timescale, duration] =
    version === 1 ? (box.length >= MVHD_V1_NEEDED ? [box.readUInt32BE(20), Number(box.readBigUInt64BE(24))] : [0, 0]) : [box.readUInt32BE(12), box.readUInt32BE(16)];
  // All ones means "unknown" (a fragmented or unfinished file).
  const unknown = version === 1 ? duration >= Number.MAX_SAFE_INTEGER : duration === 0xffffffff;
  if (!timescale || !duration || unknown || !Number.isFinite(duration)) return null;
  return duration / timescale;
}
