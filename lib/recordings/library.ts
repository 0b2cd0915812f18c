// A meeting's recordings as its people see them: list, find for playback, delete, retention. Callers
// have already checked the right (loadMeeting … "viewRecordings" / "deleteRecordings").
import "server-only";
import { db } from "@/lib/db";
import { recordingStorage, retentionDays } from "@/lib/recordings/config";
import { recordingId } from "@/lib/validation/recording";

/** What the audit log records (lib/audit.ts takes `action`, `meetingId` and `details` as they are). */
export type RecordingEvent = {
  action: "recording.delete" | "recording.purge";
  meetingId: string;
  details: { recordingId: string; createdAt: string; bytes: number };
};
export type OnRecordingEvent = (event: RecordingEvent) => Promise<void> | void;

export type RecordingSummary = { id: string; createdAt: Date; expiresAt: Date; durationSeconds: number | null; size: number; consentAsked: boolean };

export const removalSelect = { id: true, meetingId: true, storageKey: true, createdAt: true, plainSize: true } as const;
type Removable = { id: string; meetingId: string; storageKey: string; createdAt: Date; plainSize: bigint };

export async function listRecordings(meetingId: string): Promise<RecordingSummary[]> {
  const rows = await db.recording.findMany({
    where: { meetingId },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, expiresAt: true, durationSeconds: true, plainSize: true, consentAsked: true },
  });
  return rows.map(({ plainSize, ...r }) => ({ ...r, size: Number(plainSize) }));
}

/** A recording of this meeting, or null (also for a malformed id, so ids reveal nothing). */
export async function findRecording(meetingId: string, rawId: string) {
  const id = recordingId.safeParse(rawId);
  if (!id.success) return null;
  const row = await db.recording.findFirst({
    where: { id: id.data, meetingId },
    select: { id: true, storageKey: true, wrappedKey: true, masterKeyId: true, chunkSize: true, plainSize: true, createdAt: true },
  });
  return row && { ...row, plainSize: Number(row.plainSize) };
}

export async function deleteRecording(meetingId: string, rawId: string, onEvent?: OnRecordingEvent): Promise<boolean> {
  const id = recordingId.safeParse(rawId);
  if (!id.success) return false;
  const row = await db.recording.findFirst({ where: { id: id.data, meetingId }, select: removalSelect });
  if (!row) return false;
  await removeRecording(row, "recording.delete", onEvent);
  return true;
}

/** File first, then row: an interrupted removal leaves a row whose next removal finishes the job. */
export async function removeRecording(row: Removable, action: RecordingEvent["action"], onEvent?: OnRecordingEvent) {
  await recordingStorage().delete(row.storageKey);
  await db.recording.deleteMany({ where: { id: row.id } });
  await onEvent?.({ action, meetingId: row.meetingId, details: { recordingId: row.id, createdAt: row.createdAt.toISOString(), bytes: Number(row.plainSize) } });
}

/** The owner's own retention choice, null for the site's. */
export async function meetingRetention(meetingId: string): Promise<number | null> {
  const row = await db.meeting.findUnique({ where: { id: meetingId }, select: { recordingRetentionDays: true } });
  return row?.recordingRetentionDays ?? null;
}

/** The owner's choice (null: the site's), applied to the recordings already kept as well. */
export async function setMeetingRetention(meetingId: string, days: number | null) {
  await db.$transaction([
    db.meeting.update({ where: { id: meetingId }, data: { recordingRetentionDays: days } }),
    db.$executeRaw`update "Recording" set "expiresAt" = "createdAt" + make_interval(days => ${retentionDays(days)}::int) where "meetingId" = ${meetingId}::uuid`,
  ]);
}
