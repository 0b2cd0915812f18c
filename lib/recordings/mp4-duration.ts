// The length of an MP4 recording, read from its boxes while the file streams past. Jibri's finalize
// script sends the length only when ffprobe is installed; the file always knows it: in the movie
// header ("mvhd") of a plain MP4, or, in a fragmented one (a browser's MediaRecorder), as the end of
// its last fragment (tfdt + trun sample durations, in the track's timescale). Media data is skipped;
// only container boxes are entered and a few small header boxes collected.
import { Transform, type TransformCallback } from "node:stream";

const HEADER = 8;
const LARGE_HEADER = 16;
const CONTAINERS = new Set(["moov", "trak", "mdia", "mvex", "moof", "traf"]);
const COLLECTED = new Set(["mvhd", "tkhd", "mdhd", "trex", "tfhd", "tfdt", "trun"]);
// A trun lists each sample (up to 16 bytes); a fragment of a recording holds seconds, not hours.
const MAX_COLLECTED = 1 << 20;

/** A pass-through stream; `seconds()` is the recording's length once the file has gone by, else null. */
export function mp4DurationProbe(): Transform & { seconds: () => number | null } {
  const reader = new Mp4Reader();
  let pending = Buffer.alloc(0); // a box header, or a collected box's body, read so far
  let want = HEADER; // how many bytes `pending` must hold before it is read
  let collecting: string | null = null;
  let skip = 0; // bytes of the current box still to pass over
  let broken = false;

  const scan = (data: Buffer) => {
    let at = 0;
    while (!broken && at < data.length) {
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
      if (collecting) {
        reader.box(collecting, pending);
        [collecting, pending, want] = [null, Buffer.alloc(0), HEADER];
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
      [pending, want] = [Buffer.alloc(0), HEADER];
      if (body < 0) broken = true; // not an MP4 box structure
      else if (CONTAINERS.has(type)) continue; // entered: its children follow as boxes of their own
      else if (COLLECTED.has(type) && body <= MAX_COLLECTED) [collecting, want] = body > 0 ? [type, body] : [null, HEADER];
      else skip = body;
    }
  };

  const stream = new Transform({
    transform(data: Buffer, _enc, callback: TransformCallback) {
      if (!broken) scan(data);
      callback(null, data);
    },
  });
  return Object.assign(stream, { seconds: () => (broken ? null : reader.seconds()) });
}

/** What the collected boxes say; every read is bounds-checked, since the file is anyone's. */
class Mp4Reader {
  private movie: number | null = null;
  private track = 0; // the trak being read (its tkhd comes before its mdhd)
  private readonly timescales = new Map<number, number>();
  private readonly defaultDurations = new Map<number, number>();
  private fragment = { track: 0, start: 0, defaultDuration: 0 };
  private readonly ends = new Map<number, number>(); // track → end of its last fragment, in its timescale

  box(type: string, b: Buffer) {
    if (b.length < 4) return;
    const v1 = b.length > 0 && b.readUInt8(0) === 1;
    const u32 = (at: number) => (at + 4 <= b.length ? b.readUInt32BE(at) : 0);
    const u64 = (at: number) => (at + 8 <= b.length ? Number(b.readBigUInt64BE(at)) : 0);
    switch (type) {
      case "mvhd": {
        const [timescale, duration] = v1 ? [u32(20), u64(24)] : [u32(12), u32(16)];
        // All ones means "unknown" (an unfinished file); zero, a fragmented one.
        const unknown = v1 ? duration >= Number.MAX_SAFE_INTEGER : duration === 0xffffffff;
        if (timescale && duration && !unknown) this.movie = duration / timescale;
        break;
      }
      case "tkhd":
        this.track = u32(v1 ? 20 : 12);
        break;
      case "mdhd":
        this.timescales.set(this.track, u32(v1 ? 20 : 12));
        break;
      case "trex":
        this.defaultDurations.set(u32(4), u32(12));
        break;
      case "tfhd": {
        const flags = b.readUIntBE(1, 3);
        const track = u32(4);
        // Optional fields in order: base data offset (8), sample description index (4), default duration (4).
        const at = 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
        this.fragment = { track, start: this.ends.get(track) ?? 0, defaultDuration: flags & 0x08 ? u32(at) : (this.defaultDurations.get(track) ?? 0) };
        break;
      }
      case "tfdt":
        this.fragment.start = v1 ? u64(4) : u32(4);
        break;
      case "trun": {
        const flags = b.readUIntBE(1, 3);
        const count = u32(4);
        let at = 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
        const stride = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
        let total = 0;
        for (let i = 0; i < count && at <= b.length; i++, at += stride) total += flags & 0x100 ? u32(at) : this.fragment.defaultDuration;
        const end = this.fragment.start + total;
        this.fragment.start = end; // a second trun in the same fragment follows the first
        this.ends.set(this.fragment.track, Math.max(this.ends.get(this.fragment.track) ?? 0, end));
        break;
      }
    }
  }

  seconds(): number | null {
    if (this.movie !== null) return this.movie;
    let longest = 0;
    for (const [track, end] of this.ends) {
      const timescale = this.timescales.get(track);
      if (timescale) longest = Math.max(longest, end / timescale);
    }
    return longest > 0 ? longest : null;
  }
}
