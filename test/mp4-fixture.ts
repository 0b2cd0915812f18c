// Minimal MP4 files for tests of what the portal reads of a recording (its length), built box by box.
export const box = (type: string, ...body: Buffer[]) => {
  const content = Buffer.concat(body);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + content.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, content]);
};

/** A version 0 movie header ("mvhd"): the length is duration / timescale seconds. */
export const mvhd0 = (timescale: number, duration: number) => {
  const b = Buffer.alloc(100);
  b.writeUInt32BE(timescale, 12);
  b.writeUInt32BE(duration, 16);
  return box("mvhd", b);
};

/** Version 1: 64-bit times and duration. */
export const mvhd1 = (timescale: number, duration: bigint) => {
  const b = Buffer.alloc(112);
  b.writeUInt8(1, 0);
  b.writeUInt32BE(timescale, 20);
  b.writeBigUInt64BE(duration, 24);
  return box("mvhd", b);
};

/** As Jibri writes it: the media first, the movie header at the end (no "fast start"). */
export const mp4File = (mvhd: Buffer, media = Buffer.alloc(50_000, 7)) =>
  Buffer.concat([box("ftyp", Buffer.from("isom\0\0\0\0isomiso2", "latin1")), box("mdat", media), box("moov", mvhd, box("trak", Buffer.alloc(300)))]);

const fullBox = (type: string, version: number, flags: number, ...fields: number[]) => {
  const b = Buffer.alloc(4 + fields.length * 4);
  b.writeUInt32BE(((version & 0xff) << 24) | flags, 0);
  fields.forEach((f, i) => b.writeUInt32BE(f, 4 + i * 4));
  return box(type, b);
};

/**
 * As a browser's MediaRecorder writes it: an empty movie header, then fragments, each a base time
 * (tfdt) and its samples' durations (trun), in the track's timescale.
 */
export const fragmentedMp4 = (timescale: number, fragments: number[][]) => {
  const tkhd = fullBox("tkhd", 0, 3, 0, 0, 1, 0, 0);
  const mdhd = fullBox("mdhd", 0, 0, 0, 0, timescale, 0);
  const moov = box("moov", mvhd0(1000, 0), box("trak", tkhd, box("mdia", mdhd)), box("mvex", fullBox("trex", 0, 0, 1, 1, 0, 0, 0)));
  let start = 0;
  const frags = fragments.map((durations) => {
    // tfhd: track 1, no defaults; trun flags 0x301: data offset, then duration and size per sample.
    const trun = fullBox("trun", 0, 0x301, durations.length, 0, ...durations.flatMap((d) => [d, 100]));
    const moof = box("moof", box("traf", fullBox("tfhd", 0, 0x020000, 1), fullBox("tfdt", 0, 0, start), trun));
    start += durations.reduce((a, b) => a + b, 0);
    return Buffer.concat([moof, box("mdat", Buffer.alloc(100 * durations.length, 3))]);
  });
  return Buffer.concat([box("ftyp", Buffer.from("iso5\0\0\0\0iso5mp41", "latin1")), moov, ...frags]);
};
