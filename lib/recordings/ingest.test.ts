// Ingest, playback reads, deletion and the purge against a real database and directory: one entry
// per file however often it comes, nothing left by a failed or crashed attempt, expired ones gone.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { roomNameFor } from "@/lib/jitsi/room";
import { masterKeys, recordingStorage } from "@/lib/recordings/config";
import { IngestMismatch, ingestRecording } from "@/lib/recordings/ingest";
import { type RecordingEvent, deleteRecording, findRecording, setMeetingRetention } from "@/lib/recordings/library";
import { purgeExpiredRecordings } from "@/lib/recordings/purge";
import { dataKeyOf, readPlaintext } from "@/lib/recordings/read";
import { mp4File, mvhd0 } from "@/test/mp4-fixture";

const dir = vi.hoisted(() => {
  const d = `${process.env.TMPDIR ?? "/tmp"}/recordings-ingest-test-${process.pid}`;
  process.env.RECORDINGS_DIR = d;
  process.env.RECORDINGS_MASTER_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)).toString("base64");
  return d;
});

const DAY_MS = 86_400_000;
let meetingId: string;
let room: string;

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const files = () => readdirSync(dir).filter((f) => f !== ".tmp");
const temps = () => (existsSync(path.join(dir, ".tmp")) ? readdirSync(path.join(dir, ".tmp")) : []);
const ingest = (plain: Buffer, body: Buffer[] = [plain]) => ingestRecording({ room, sha256: sha(plain), size: plain.length, durationSeconds: 12.5, body: Readable.from(body) });

async function plaintextOf(recordingId: string, start = 0, end?: number) {
  const rec = (await findRecording(meetingId, recordingId))!;
  const parts: Buffer[] = [];
  for await (const p of readPlaintext(recordingStorage(), rec, dataKeyOf(rec, masterKeys()), start, end ?? rec.plainSize - 1)) parts.push(p);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  await applyMigrations(env.DATABASE_URL);
  const owner = await db.user.create({ data: { subject: `rec-${randomUUID()}`, name: "Recording Owner" } });
  // Far in the future, so no other suite's purge of ended meetings touches it.
  const startsAt = new Date("2099-01-01T10:00:00Z");
  const meeting = await db.meeting.create({ data: { ownerId: owner.id, title: "Recorded", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), durationMinutes: 60, timeZone: "UTC" } });
  meetingId = meeting.id;
  room = roomNameFor(meetingId, env.ROOM_NAME_SECRET);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("recording ingest", () => {
  it("stores only ciphertext, once, and reads back exactly the original", async () => {
    const plain = Buffer.concat([Buffer.from("\0\0\0\x20ftypisom"), randomBytes(300_000)]);
    const first = await ingest(plain, [plain.subarray(0, 1000), plain.subarray(1000)]);
    expect(first.status).toBe("created");
    const id = (first as { recordingId: string }).recordingId;
    const [file] = files();
    const stored = readFileSync(path.join(dir, file!));
    expect(stored.includes(Buffer.from("ftyp"))).toBe(false);
    expect(stored.includes(plain.subarray(5000, 5032))).toBe(false);
    expect(await plaintextOf(id)).toEqual(plain);
    expect(await plaintextOf(id, 65_530, 200_000)).toEqual(plain.subarray(65_530, 200_001));
    const row = await db.recording.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ durationSeconds: 12.5, plainSize: BigInt(plain.length), sha256: sha(plain), masterKeyId: masterKeys().current.id });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(env.RECORDING_RETENTION_DAYS * DAY_MS);

    expect(await ingest(plain)).toEqual({ status: "duplicate", recordingId: id });
    expect(await db.recording.count({ where: { meetingId } })).toBe(1);
    expect(files()).toHaveLength(1);
    expect(temps()).toEqual([]);
  });

  it("reads the length from the file when the upload does not say it", async () => {
    const plain = mp4File(mvhd0(1000, 95_250), randomBytes(70_000));
    const created = await ingestRecording({ room, sha256: sha(plain), size: plain.length, durationSeconds: null, body: Readable.from([plain]) });
    const row = await db.recording.findUniqueOrThrow({ where: { id: (created as { recordingId: string }).recordingId } });
    expect(row.durationSeconds).toBe(95.25);
  });

  it("refuses an unknown room, and a body that differs from what was signed, leaving nothing", async () => {
    const plain = randomBytes(5000);
    expect(await ingestRecording({ room: "0".repeat(40), sha256: sha(plain), size: plain.length, durationSeconds: null, body: Readable.from([plain]) })).toEqual({ status: "unknown_room" });
    const before = files().length;
    const altered = Buffer.from(plain);
    altered[10]! ^= 1;
    await expect(ingest(plain, [altered])).rejects.toThrow(IngestMismatch);
    await expect(ingest(plain, [plain.subarray(0, 4000)])).rejects.toThrow(IngestMismatch);
    await expect(ingest(plain, [plain, Buffer.from("x")])).rejects.toThrow(IngestMismatch);
    expect(await db.recording.count({ where: { meetingId, sha256: sha(plain) } })).toBe(0);
    expect(files()).toHaveLength(before);
    expect(temps()).toEqual([]);
  });

  it("finishes the job on retry after a crash left a half-written upload and an unclaimed file", async () => {
    const plain = randomBytes(70_000);
    const attempt = createHash("sha256").update(`${meetingId}:${sha(plain)}`).digest("hex").slice(0, 32);
    mkdirSync(path.join(dir, ".tmp"), { recursive: true });
    writeFileSync(path.join(dir, ".tmp", `${attempt}.${randomUUID()}.${randomUUID()}.part`), "half");
    writeFileSync(path.join(dir, `${attempt}.${randomUUID()}`), "renamed, but the row never came");
    const before = files().length;
    const result = await ingest(plain);
    expect(result.status).toBe("created");
    expect(temps()).toEqual([]);
    expect(files()).toHaveLength(before); // one orphan gone, one recording added
    expect(await plaintextOf((result as { recordingId: string }).recordingId)).toEqual(plain);
  });
});

describe("recording removal", () => {
  it("deletes file and row at once, and tells the audit hook", async () => {
    const plain = randomBytes(2000);
    const { recordingId } = (await ingest(plain)) as { recordingId: string };
    const key = (await db.recording.findUniqueOrThrow({ where: { id: recordingId } })).storageKey;
    const events: RecordingEvent[] = [];
    expect(await deleteRecording(randomUUID(), recordingId)).toBe(false); // another meeting's id
    expect(await deleteRecording(meetingId, recordingId, (e) => void events.push(e))).toBe(true);
    expect(existsSync(path.join(dir, key))).toBe(false);
    expect(await db.recording.findUnique({ where: { id: recordingId } })).toBeNull();
    expect(events).toEqual([{ action: "recording.delete", meetingId, details: expect.objectContaining({ recordingId, bytes: 2000 }) }]);
  });

  it("shortens expiry with the owner's choice, and the purge deletes what is due and the leftovers", async () => {
    const plain = randomBytes(3000);
    const { recordingId } = (await ingest(plain)) as { recordingId: string };
    await setMeetingRetention(meetingId, 1);
    const row = await db.recording.findUniqueOrThrow({ where: { id: recordingId } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(DAY_MS);
    // A file no row points to (its meeting was deleted), old enough not to be an upload in flight.
    const orphan = path.join(dir, `${"f".repeat(32)}.${randomUUID()}`);
    writeFileSync(orphan, "x");
    const longAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(orphan, longAgo, longAgo);

    const events: RecordingEvent[] = [];
    const early = await purgeExpiredRecordings(new Date(row.createdAt.getTime() + DAY_MS - 1000), (e) => void events.push(e));
    expect(await db.recording.findUnique({ where: { id: recordingId } })).not.toBeNull();
    expect(early.orphanFiles).toBe(1);
    expect(existsSync(orphan)).toBe(false);

    await purgeExpiredRecordings(new Date(row.createdAt.getTime() + DAY_MS + 1000), (e) => void events.push(e));
    expect(await db.recording.findUnique({ where: { id: recordingId } })).toBeNull();
    expect(existsSync(path.join(dir, row.storageKey))).toBe(false);
    expect(events.map((e) => [e.action, e.details.recordingId])).toContainEqual(["recording.purge", recordingId]);
    await setMeetingRetention(meetingId, null);
  });
});
