// From a Jitsi room name back to its meeting. Rooms are HMAC(ROOM_NAME_SECRET, meeting id) and never
// stored, so the meeting row keeps SHA-256(room) instead: a unique index for the lookup, and without
// the secret it names no room. It is filled here, lazily, for every meeting that lacks it (those
// created before recordings existed, or by any path that does not set it), so no creation path has
// to remember it.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { roomNameFor } from "@/lib/jitsi/room";

const FILL_BATCH = 500;
const meetingSelect = { id: true, recordingRetentionDays: true, attendance: true } as const;

export type RoomMeeting = { id: string; recordingRetentionDays: number | null; attendance: boolean };

export function roomHash(room: string): string {
  return createHash("sha256").update(room.toLowerCase()).digest("hex");
}

export async function meetingForRoom(room: string): Promise<RoomMeeting | null> {
  const where = { roomHash: roomHash(room) };
  const found = await db.meeting.findUnique({ where, select: meetingSelect });
  if (found) return found;
  await fillRoomHashes();
  return db.meeting.findUnique({ where, select: meetingSelect });
}

async function fillRoomHashes() {
  for (;;) {
    const rows = await db.meeting.findMany({ where: { roomHash: null }, select: { id: true }, take: FILL_BATCH });
    if (rows.length === 0) return;
    await db.$transaction(
      rows.map(({ id }) =>
        db.meeting.updateMany({ where: { id, roomHash: null }, data: { roomHash: roomHash(roomNameFor(id, env.ROOM_NAME_SECRET)) } }),
      ),
    );
  }
}
