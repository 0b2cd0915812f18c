// The scheduled purge of recordings: past their time (the expiry set at ingest or by the owner, or
// the site's retention if that was shortened since), files and rows really go. It also clears what
// crashes and cascades leave: unfinished uploads, and files whose row is gone (a deleted meeting's).
import "server-only";
import { db } from "@/lib/db";
import { STALE_WRITE_MS, recordingStorage, siteRetentionDays } from "@/lib/recordings/config";
import { type OnRecordingEvent, removalSelect, removeRecording } from "@/lib/recordings/library";

const DAY_MS = 86_400_000;
const BATCH = 100;

export type RecordingPurgeResult = { recordings: number; orphanFiles: number; unfinishedUploads: number };

/**
 * `meetingsEndedBefore`: the meeting purge's cutoff. Those meetings' recordings go here, file first,
 * before the meetings' rows do; their cascade would leave the files for a later orphan sweep.
 */
export async function purgeExpiredRecordings(now = new Date(), onDeleted?: OnRecordingEvent, meetingsEndedBefore?: Date): Promise<RecordingPurgeResult> {
  const siteCutoff = new Date(now.getTime() - siteRetentionDays() * DAY_MS);
  const where = {
    OR: [{ expiresAt: { lte: now } }, { createdAt: { lte: siteCutoff } }, ...(meetingsEndedBefore ? [{ meeting: { endsAt: { lt: meetingsEndedBefore } } }] : [])],
  };
  let recordings = 0;
  for (;;) {
    const rows = await db.recording.findMany({ where, select: removalSelect, orderBy: { expiresAt: "asc" }, take: BATCH });
    if (rows.length === 0) break;
    for (const row of rows) await removeRecording(row, "recording.purge", onDeleted);
    recordings += rows.length;
  }
  const staleBefore = new Date(now.getTime() - STALE_WRITE_MS);
  const orphanFiles = await removeOrphanFiles(staleBefore);
  const unfinishedUploads = await recordingStorage().discardIncomplete({ olderThan: staleBefore });
  return { recordings, orphanFiles, unfinishedUploads };
}

/** Files no row points to. Young ones are spared: ingest renames its file a moment before the row lands. */
async function removeOrphanFiles(staleBefore: Date): Promise<number> {
  const storage = recordingStorage();
  const old = (await storage.list("")).filter((f) => f.modifiedAt < staleBefore).map((f) => f.key);
  let removed = 0;
  for (let i = 0; i < old.length; i += 1000) {
    const batch = old.slice(i, i + 1000);
    const known = new Set((await db.recording.findMany({ where: { storageKey: { in: batch } }, select: { storageKey: true } })).map((r) => r.storageKey));
    for (const key of batch.filter((k) => !known.has(k))) {
      await storage.delete(key);
      removed++;
    }
  }
  return removed;
}
