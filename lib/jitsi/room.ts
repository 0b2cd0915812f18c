// Room names are derived, never stored: HMAC(ROOM_NAME_SECRET, meeting id). A database copy alone
// yields ids, and an id without the key names no room.
import { createHmac } from "node:crypto";

const ROOM_BYTES = 20; // 160 bits; Prosody compares room names lower-cased, so hex is safe.

export function roomNameFor(meetingId: string, secret: string): string {
  return createHmac("sha256", secret).update(`meeting-room:v1:${meetingId}`).digest().subarray(0, ROOM_BYTES).toString("hex");
}
