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
