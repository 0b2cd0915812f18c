// Prosody's room and occupant events (lib/validation/prosody-events.ts) turned into who is in each
// meeting's conference. Every event may arrive twice (event_sync retries on 5xx and timeouts) or out of
// order (each is its own HTTP request), so each write is idempotent and order-free: a connection is one
// row keyed by its occupant JID; "left" fills leftAt whenever it comes, "joined" never clears it.
// Who someone is comes from the portal's own rows (user, link), never from a name in the event.
import "server-only";
import { db } from "@/lib/db";
import { parseConferenceId } from "@/lib/presence/identity";
import { meetingForRoom } from "@/lib/recordings/room-lookup";
import { type ProsodyEvent, type ProsodyOccupant } from "@/lib/validation/prosody-events";

export type EventOutcome = "recorded" | "unknown_room" | "ignored";

export async function recordProsodyEvent(event: ProsodyEvent): Promise<EventOutcome> {
  const meeting = await meetingForRoom(event.room_name);
  if (!meeting) return "unknown_room";
  // A breakout room's connections are the meeting's too, kept apart from the main room's.
  const room = event.is_breakout ? (event.breakout_room_id ?? "") : "";
  switch (event.event_name) {
    case "muc-room-created":
      // Presence starts with the first occupant; the room itself carries nothing to keep.
      return "ignored";
    case "muc-occupant-joined":
    case "muc-occupant-left":
      return (await upsertConnection(meeting.id, room, event.occupant)) ? "recorded" : "ignored";
    case "muc-room-destroyed": {
      // The module's own list of everyone since the room was created: fills any join or leave whose
      // request was lost, then closes whatever is still open (a crash of the client leaves no "left").
      for (const occupant of event.all_occupants) await upsertConnection(meeting.id, room, { ...occupant, left_at: occupant.left_at ?? event.destroyed_at });
      const destroyedAt = new Date(event.destroyed_at * 1000);
      await db.conferenceSession.updateMany({
        where: { meetingId: meeting.id, leftAt: null, room, joinedAt: { lte: destroyedAt } },
        data: { leftAt: destroyedAt },
      });
      return "recorded";
    }
  }
}

async function upsertConnection(meetingId: string, room: string, o: ProsodyOccupant): Promise<boolean> {
  const who = await resolveIdentity(meetingId, parseConferenceId(o.id));
  if (!who) return false;
  const joinedAt = new Date(o.joined_at * 1000);
  const leftAt = o.left_at === undefined ? null : new Date(o.left_at * 1000);
  // One statement, so two copies of an event racing each other still leave one row; a "left" that
  // came first keeps its leftAt when the "joined" arrives.
  await db.$executeRaw`
    INSERT INTO "ConferenceSession" ("id", "meetingId", "room", "occupant", "userId", "linkId", "joinedAt", "leftAt")
    VALUES (gen_random_uuid(), ${meetingId}::uuid, ${room}, ${o.occupant_jid}, ${who.userId}::uuid, ${who.linkId}::uuid, ${joinedAt}, ${leftAt})
    ON CONFLICT ("meetingId", "room", "occupant") DO UPDATE SET "leftAt" = COALESCE("ConferenceSession"."leftAt", EXCLUDED."leftAt")`;
  return true;
}

// A token's id names a person or a link; it counts only when the portal knows them, and a link only
// for its own meeting. Sessions without a token id (Jibri's recorder) are not participants.
async function resolveIdentity(meetingId: string, id: ReturnType<typeof parseConferenceId>): Promise<{ userId: string | null; linkId: string | null } | null> {
  if (!id) return null;
  if ("userId" in id) {
    const user = await db.user.findUnique({ where: { id: id.userId }, select: { id: true } });
    return user ? { userId: user.id, linkId: null } : null;
  }
  const link = await db.inviteLink.findFirst({ where: { id: id.linkId, meetingId }, select: { id: true } });
  return link ? { userId: null, linkId: link.id } : null;
}
