// Ingest: a finished recording streams in, is encrypted on the way to storage, read back and
// verified, and only then gets its row. Crash-safe by construction:
// - plaintext never touches the portal's disk, only ciphertext does;
// - the file is written to a temporary name and renamed when durable (storage.ts); the row is the
//   last step, so there is never an entry without its verified file;
// - a retry of the same file first discards what earlier attempts left (their temporary files), and
//   after committing deletes their orphaned files, so one recording is one entry and one file.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { type Readable, Transform, type TransformCallback, pipeline } from "node:stream";
import { finished } from "node:stream/promises";
import { db } from "@/lib/db";
import { CHUNK_SIZE, RECORDING_CONSENT_ASKED, STALE_WRITE_MS, masterKeys, recordingStorage, retentionDays } from "@/lib/recordings/config";
import { encryptStream, newDataKey, wrapDataKey } from "@/lib/recordings/crypto";
import { mp4DurationProbe } from "@/lib/recordings/mp4-duration";
import { type StoredFile, readPlaintext } from "@/lib/recordings/read";
import { meetingForRoom } from "@/lib/recordings/room-lookup";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { queueWebhook } from "@/lib/webhooks/events";

const DAY_MS = 86_400_000;

export type IngestRequest = { room: string; sha256: string; size: number; durationSeconds: number | null; body: Readable };
export type IngestResult = { status: "created" | "duplicate"; recordingId: string } | { status: "unknown_room" };

/** The body did not match the signed hash or size. */
export class IngestMismatch extends Error {}

export async function ingestRecording(req: IngestRequest): Promise<IngestResult> {
  const keys = masterKeys();
  const meeting = await meetingForRoom(req.room);
  if (!meeting) return { status: "unknown_room" };
  const storage = recordingStorage();
  const attempt = createHash("sha256").update(`${meeting.id}:${req.sha256}`).digest("hex").slice(0, 32);
  const existing = await committed(meeting.id, req.sha256);
  if (existing) {
    await finished(req.body.resume());
    await removeOrphans(storage, attempt, existing.storageKey);
    return { status: "duplicate", recordingId: existing.id };
  }
  await storage.discardIncomplete({ prefix: attempt, olderThan: new Date(Date.now() - STALE_WRITE_MS) });

  const id = randomUUID();
  const storageKey = `${attempt}.${id}`;
  const dataKey = newDataKey();
  // pipeline() hands back the last stream and destroys every stage if one fails, so a short,
  // long or altered body aborts the write and storage drops the temporary file.
  const length = mp4DurationProbe();
  const sealed = pipeline(req.body, expectContent(req.sha256, req.size), length, encryptStream(dataKey, CHUNK_SIZE), () => {});
  const cipherSize = await storage.put(storageKey, sealed);
  const stored = { id, storageKey, chunkSize: CHUNK_SIZE, plainSize: req.size };
  try {
    await verify(storage, stored, dataKey, req.sha256);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + retentionDays(meeting.recordingRetentionDays) * DAY_MS);
    // The row and its event together: a recording is announced once it can be played, and always.
    await db.$transaction(async (tx) => {
      await tx.recording.create({
        data: {
          ...stored,
          meetingId: meeting.id,
          wrappedKey: wrapDataKey(keys.current, dataKey, id),
          masterKeyId: keys.current.id,
          plainSize: BigInt(req.size),
          cipherSize: BigInt(cipherSize),
          // The script's ffprobe when it had one, else the file's own movie header.
          durationSeconds: req.durationSeconds ?? length.seconds(),
          sha256: req.sha256,
          consentAsked: RECORDING_CONSENT_ASKED,
          createdAt: now,
          expiresAt,
        },
      });
      await queueWebhook(
        "recording.ready",
        id,
        { meeting: { id: meeting.id }, recording: { id, durationSeconds: req.durationSeconds ?? length.seconds(), bytes: req.size, consentAsked: RECORDING_CONSENT_ASKED, expiresAt: expiresAt.toISOString() } },
        now,
        tx,
      );
    });
  } catch (e) {
    await storage.delete(storageKey);
    // A concurrent attempt at the same file committed first: that one is the recording.
    const winner = await committed(meeting.id, req.sha256);
    if (!winner) throw e;
    return { status: "duplicate", recordingId: winner.id };
  }
  await removeOrphans(storage, attempt, storageKey);
  return { status: "created", recordingId: id };
}

function committed(meetingId: string, sha256: string) {
  return db.recording.findUnique({ where: { meetingId_sha256: { meetingId, sha256 } }, select: { id: true, storageKey: true } });
}

/** Files of earlier attempts at this recording that crashed between their rename and their row. */
async function removeOrphans(storage: RecordingStorage, attempt: string, keep: string) {
  for (const { key } of await storage.list(`${attempt}.`)) if (key !== keep) await storage.delete(key);
}

/** The stored copy decrypts, chunk by authenticated chunk, to exactly the signed bytes. */
async function verify(storage: RecordingStorage, rec: StoredFile, dataKey: Buffer, sha256: string) {
  const hash = createHash("sha256");
  let size = 0;
  for await (const part of readPlaintext(storage, rec, dataKey, 0, rec.plainSize - 1)) {
    hash.update(part);
    size += part.length;
  }
  if (size !== rec.plainSize || hash.digest("hex") !== sha256) throw new Error("the stored recording does not decrypt to what was sent");
}

/** Passes the body through while hashing it; fails as soon as it is longer, or at its end if it differs. */
function expectContent(sha256: string, size: number): Transform {
  const hash = createHash("sha256");
  let seen = 0;
  return new Transform({
    transform(data: Buffer, _enc, callback: TransformCallback) {
      seen += data.length;
      if (seen > size) return callback(new IngestMismatch(`the body is longer than the signed ${size} bytes`));
      hash.update(data);
      callback(null, data);
    },
    flush(callback: TransformCallback) {
      if (seen !== size) return callback(new IngestMismatch(`the body has ${seen} bytes, not the signed ${size}`));
      if (hash.digest("hex") !== sha256) return callback(new IngestMismatch("the body does not match the signed SHA-256"));
      callback();
    },
  });
}
