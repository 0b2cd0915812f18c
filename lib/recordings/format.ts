// The encrypted recording file: a header, then the plaintext in fixed-size chunks, each sealed with
// AES-256-GCM on its own. Chunks make playback seekable (a Range request opens only the chunks it
// touches) and keep memory flat however long the recording is.
//
//   header  "MPRC" | version (1) | 3 zero bytes | chunk size (u32 BE) | nonce prefix (8 random bytes)
//   chunk i ciphertext (chunk size bytes; the last one 0..chunk size) | GCM tag (16)
//
// Chunk i's nonce is the prefix followed by i (u32 BE); its additional data is the header, i and a
// final-chunk flag, so a swapped, repeated, dropped or appended chunk fails authentication.

export const MAGIC = Buffer.from("MPRC", "ascii");
export const FORMAT_VERSION = 1;
export const HEADER_SIZE = 20;
export const TAG_SIZE = 16;
const NONCE_PREFIX_SIZE = 8;

export type Header = { chunkSize: number; noncePrefix: Buffer; bytes: Buffer };

/** Raised for anything that does not authenticate: tampering, truncation, a wrong key. */
export class RecordingIntegrityError extends Error {}

export function encodeHeader(chunkSize: number, noncePrefix: Buffer): Header {
  if (noncePrefix.length !== NONCE_PREFIX_SIZE) throw new Error("nonce prefix must be 8 bytes");
  const bytes = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(FORMAT_VERSION, 4);
  bytes.writeUInt32BE(chunkSize, 8);
  noncePrefix.copy(bytes, 12);
  return { chunkSize, noncePrefix, bytes };
}

export function decodeHeader(bytes: Buffer, expectedChunkSize: number): Header {
  if (bytes.length !== HEADER_SIZE || !bytes.subarray(0, 4).equals(MAGIC)) throw new RecordingIntegrityError("not an encrypted recording");
  if (bytes.readUInt8(4) !== FORMAT_VERSION) throw new RecordingIntegrityError("unknown recording format version");
  const chunkSize = bytes.readUInt32BE(8);
  if (chunkSize !== expectedChunkSize) throw new RecordingIntegrityError("chunk size differs from the recording's entry");
  return { chunkSize, noncePrefix: Buffer.from(bytes.subarray(12, HEADER_SIZE)), bytes: Buffer.from(bytes) };
}

export function chunkNonce(header: Header, index: number): Buffer {
  const nonce = Buffer.alloc(NONCE_PREFIX_SIZE + 4);
  header.noncePrefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_SIZE);
  return nonce;
}

export function chunkAad(header: Header, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(5);
  tail.writeUInt32BE(index, 0);
  tail.writeUInt8(final ? 1 : 0, 4);
  return Buffer.concat([header.bytes, tail]);
}

/** An empty recording still has one (empty, final) chunk, so even it cannot be faked. */
export function chunkCount(plainSize: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plainSize / chunkSize));
}

export function cipherSizeFor(plainSize: number, chunkSize: number): number {
  return HEADER_SIZE + plainSize + chunkCount(plainSize, chunkSize) * TAG_SIZE;
}

/** Where the chunks holding plaintext bytes [start, end] (inclusive) lie in the file. */
export function chunkSpan(plainSize: number, chunkSize: number, start: number, end: number) {
  const first = Math.floor(start / chunkSize);
  const last = Math.min(Math.floor(end / chunkSize), chunkCount(plainSize, chunkSize) - 1);
  const stride = chunkSize + TAG_SIZE;
  const cipherStart = HEADER_SIZE + first * stride;
  const cipherEnd = Math.min(HEADER_SIZE + (last + 1) * stride, cipherSizeFor(plainSize, chunkSize)) - 1;
  return { first, last, cipherStart, cipherEnd };
}

export function plainChunkLength(plainSize: number, chunkSize: number, index: number): number {
  return Math.min(chunkSize, plainSize - index * chunkSize);
}
