// Reading a stored recording back: its data key from the row, its plaintext from the file, one
// authenticated chunk at a time. Used by playback and by ingest's verification of what it wrote.
import type { Readable } from "node:stream";
import type { MasterKeys } from "@/lib/recordings/config";
import { decryptRange, unwrapDataKey } from "@/lib/recordings/crypto";
import { HEADER_SIZE, RecordingIntegrityError, chunkSpan, decodeHeader } from "@/lib/recordings/format";
import type { RecordingStorage } from "@/lib/recordings/storage";

export type StoredFile = { storageKey: string; chunkSize: number; plainSize: number };

export function dataKeyOf(rec: { id: string; wrappedKey: string; masterKeyId: string }, keys: MasterKeys): Buffer {
  const master = [keys.current, keys.previous].find((k) => k?.id === rec.masterKeyId);
  if (!master) throw new RecordingIntegrityError(`recording ${rec.id} was wrapped by master key ${rec.masterKeyId}, which is not configured`);
  return unwrapDataKey(master, rec.wrappedKey, rec.id);
}

/** Plaintext bytes [start, end], inclusive; throws at the first chunk that does not authenticate. */
export async function* readPlaintext(storage: RecordingStorage, rec: StoredFile, dataKey: Buffer, start: number, end: number): AsyncGenerator<Buffer> {
  const header = decodeHeader(await readAll(storage.read(rec.storageKey, 0, HEADER_SIZE - 1)), rec.chunkSize);
  const span = chunkSpan(rec.plainSize, rec.chunkSize, start, end);
  yield* decryptRange(dataKey, header, rec.plainSize, start, end, storage.read(rec.storageKey, span.cipherStart, span.cipherEnd));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
