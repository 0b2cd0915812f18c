// Encryption of recordings (format.ts): a streaming encryptor, a range decryptor that releases a
// chunk only after its tag verified, and the wrapping of each recording's data key by a master key.
// Pure: no database, no settings, so unit tests and the rotation CLI use it directly.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import {
  type Header,
  RecordingIntegrityError,
  TAG_SIZE,
  chunkAad,
  chunkCount,
  chunkNonce,
  chunkSpan,
  encodeHeader,
  plainChunkLength,
} from "@/lib/recordings/format";

export type MasterKey = { id: string; key: Buffer };

export const newDataKey = () => randomBytes(32);

/** 32 bytes from 64 hex characters or base64 (lib/env.ts accepts both). */
export function masterKeyFrom(encoded: string): MasterKey {
  const key = /^[0-9a-f]{64}$/i.test(encoded) ? Buffer.from(encoded, "hex") : Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("a master key is 32 bytes");
  // A fingerprint names the key in each row without revealing it.
  return { id: createHmac("sha256", key).update("recordings-master-key-id:v1").digest("hex").slice(0, 16), key };
}

/** Plaintext in, the encrypted file out; memory holds at most one chunk. */
export function encryptStream(dataKey: Buffer, chunkSize: number): Transform {
  const header = encodeHeader(chunkSize, randomBytes(8));
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const seal = (plain: Buffer, final: boolean) => sealChunk(dataKey, header, index++, plain, final);
  return new Transform({
    construct(callback) {
      this.push(header.bytes);
      callback();
    },
    transform(data: Buffer, _enc, callback: TransformCallback) {
      const all = pending.length ? Buffer.concat([pending, data]) : data;
      let offset = 0;
      // Hold back a full chunk until more follows: only then is it known not to be the last.
      for (; all.length - offset > chunkSize; offset += chunkSize) this.push(seal(all.subarray(offset, offset + chunkSize), false));
      pending = Buffer.from(all.subarray(offset));
      callback();
    },
    flush(callback: TransformCallback) {
      callback(null, seal(pending, true));
    },
  });
}

/**
 * Plaintext bytes [start, end] (inclusive) from the ciphertext of the chunks that hold them
 * (`cipher` yields exactly chunkSpan's byte range). A chunk whose tag fails throws before any of its
 * bytes are yielded: callers see an error, never altered video.
 */
export async function* decryptRange(
  dataKey: Buffer,
  header: Header,
  plainSize: number,
  start: number,
  end: number,
  cipher: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer> {
  const { chunkSize } = header;
  const span = chunkSpan(plainSize, chunkSize, start, end);
  const lastIndex = chunkCount(plainSize, chunkSize) - 1;
  let buffered: Buffer = Buffer.alloc(0);
  let index = span.first;
  for await (const piece of cipher) {
    buffered = buffered.length ? Buffer.concat([buffered, piece]) : piece;
    while (index <= span.last && buffered.length >= plainChunkLength(plainSize, chunkSize, index) + TAG_SIZE) {
      const size = plainChunkLength(plainSize, chunkSize, index) + TAG_SIZE;
      const plain = openChunk(dataKey, header, index, buffered.subarray(0, size), index === lastIndex);
      buffered = buffered.subarray(size);
      const offset = index * chunkSize;
      yield plain.subarray(Math.max(0, start - offset), Math.min(plain.length, end - offset + 1));
      index++;
    }
  }
  if (index <= span.last) throw new RecordingIntegrityError("the encrypted recording is truncated");
}

/** The data key under the master key, bound to its recording so rows cannot swap keys. */
export function wrapDataKey(master: MasterKey, dataKey: Buffer, recordingId: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master.key, nonce).setAAD(wrapAad(recordingId));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString("base64");
}

export function unwrapDataKey(master: MasterKey, wrapped: string, recordingId: string): Buffer {
  const bytes = Buffer.from(wrapped, "base64");
  if (bytes.length !== 12 + 32 + TAG_SIZE) throw new RecordingIntegrityError("malformed wrapped key");
  const decipher = createDecipheriv("aes-256-gcm", master.key, bytes.subarray(0, 12)).setAAD(wrapAad(recordingId));
  decipher.setAuthTag(bytes.subarray(12 + 32));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(12, 12 + 32)), decipher.final()]);
  } catch {
    throw new RecordingIntegrityError("the recording key does not open with this master key");
  }
}

function sealChunk(dataKey: Buffer, header: Header, index: number, plain: Buffer, final: boolean): Buffer {
  const cipher = createCipheriv("aes-256-gcm", dataKey, chunkNonce(header, index)).setAAD(chunkAad(header, index, final));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function openChunk(dataKey: Buffer, header: Header, index: number, sealed: Buffer, final: boolean): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", dataKey, chunkNonce(header, index)).setAAD(chunkAad(header, index, final));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE)), decipher.final()]);
  } catch {
    throw new RecordingIntegrityError(`chunk ${index} of the recording failed authentication`);
  }
}

function wrapAad(recordingId: string) {
  return Buffer.from(`recording-data-key:v1:${recordingId}`);
}
