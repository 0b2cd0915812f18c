// Prosody's room and occupant events (lib/validation/prosody-events.ts) turned into who is in each
// meeting's conference, and into webhooks (meeting.started/ended; participant.joined/left only where
// the meeting keeps attendance, whose participants were told). Every event may arrive twice (event_sync
// retries on 5xx and timeouts) or out of order (each is its own HTTP request), so each write is
// idempotent and order-free: a connection is one row keyed by its occupant JID; "left" fills leftAt
// whenever it comes, "joined" never clears it; a webhook's id is derived from the happening.
// Who someone is comes from the portal's own rows (user, link), never from a name in the event.
import "server-only";
import { db } from "@/lib/db";
import { keepsAttendance } from "@/lib/presence/attendance";
import { parseConferenceId } from "@/lib/presence/identity";
import { type RoomMeeting, meetingForRoom } from "@/lib/recordings/room-lookup";
import { getSettings } from "@/lib/settings";
import { type ProsodyEvent, type ProsodyOccupant } from "@/lib/validation/prosody-events";
import { queueWebhook } from "@/lib/webhooks/events";

export type EventOutcome = "recorded" | "unknown_room" | "ignored";

type Who = { userId: string; name: string } | { linkId: string; label: string };
type Connection = { room: string; occupant: string; who: Who; joinedAt: Date; leftAt: Date | null };

const seconds = (s: number) => new Date(s * 1000);

export async function recordProsodyEvent(event: ProsodyEvent): Promise<EventOutcome> {
  const meeting = await meetingForRoom(event.room_name);
  if (!meeting) return "unknown_room";
  // A breakout room's connections are the meeting's too, kept apart from the main room's.
  const room = event.is_breakout ? (event.breakout_room_id ?? "") : "";
  const report = keepsAttendance(meeting, await getSettings()) ? (c: Connection) => participantWebhook(meeting, c) : null;
  switch (event.event_name) {
    case "muc-room-created":
      // Presence starts with the first occupant; a breakout room is not the meeting starting.
      if (event.is_breakout) return "ignored";
      await queueWebhook("meeting.started", `${meeting.id}@${event.created_at}`, { meeting: { id: meeting.id }, startedAt: seconds(event.created_at).toISOString() }, seconds(event.created_at));
      return "recorded";
    case "muc-occupant-joined":
    case "muc-occupant-left": {
      const c = await upsertConnection(meeting.id, room, event.occupant);
      if (!c) return "ignored";
      if (report) await report(c);
      return "recorded";
    }
    case "muc-room-destroyed": {
      // The module's own list of everyone since the room was created: fills any join or leave whose
      // request was lost, then closes whatever is still open (a crash of the client leaves no "left").
      const destroyedAt = seconds(event.destroyed_at);
      for (const occupant of event.all_occupants) {
        const c = await upsertConnection(meeting.id, room, { ...occupant, left_at: occupant.left_at ?? event.destroyed_at });
        if (c && report) await report(c);
      }
      const closed = await db.conferenceSession.updateManyAndReturn({
        where: { meetingId: meeting.id, leftAt: null, room, joinedAt: { lte: destroyedAt } },
        data: { leftAt: destroyedAt },
        select: { room: true, occupant: true, joinedAt: true, leftAt: true, user: { select: { id: true, name: true } }, link: { select: { id: true, label: true } } },
      });
      if (report) for (const r of closed) if (r.user || r.link) await report({ ...r, who: r.user ? { userId: r.user.id, name: r.user.name } : { linkId: r.link!.id, label: r.link!.label } });
      if (!event.is_breakout) {
        await queueWebhook(
          "meeting.ended",
          `${meeting.id}@${event.created_at}`,
          { meeting: { id: meeting.id }, startedAt: seconds(event.created_at).toISOString(), endedAt: destroyedAt.toISOString() },
          destroyedAt,
        );
      }
      return "recorded";
    }
  }
}

async function upsertConnection(meetingId: string, room: string, o: ProsodyOccupant): Promise<Connection | null> {
  const who = await resolveIdentity(meetingId, parseConferenceId(o.id));
  if (!who) return null;
  const joinedAt = seconds(o.joined_at);
  const leftAt = o.left_at === undefined ? null : seconds(o.left_at);
  // One statement, so two copies of an event racing each other still leave one row; a "left" that
  // came first keeps its leftAt when the "joined" arrives.
  const [row] = await db.$queryRaw<{ joinedAt: Date; leftAt: Date | null }[]>`
    INSERT INTO "ConferenceSession" ("id", "meetingId", "room", "occupant", "userId", "linkId", "joinedAt", "leftAt")
    VALUES (gen_random_uuid(), ${meetingId}::uuid, ${room}, ${o.occupant_jid}, ${"userId" in who ? who.userId : null}::uuid, ${"linkId" in who ? who.linkId : null}::uuid, ${joinedAt}, ${leftAt})
    ON CONFLICT ("meetingId", "room", "occupant") DO UPDATE SET "leftAt" = COALESCE("ConferenceSession"."leftAt", EXCLUDED."leftAt")
    RETURNING "joinedAt", "leftAt"`;
  return { room, occupant: o.occupant_jid, who, joinedAt: row!.joinedAt, leftAt: row!.leftAt };
}

// A token's id names a person or a link; it counts only when the portal knows them, and a link only
// for its own meeting. Sessions without a token id (Jibri's recorder) are not participants.
async function resolveIdentity(meetingId: string, id: ReturnType<typeof parseConferenceId>): Promise<Who | null> {
  if (!id) return null;
  if ("userId" in id) {
    const user = await db.user.findUnique({ where: { id: id.userId }, select: { id: true, name: true } });
    return user && { userId: user.id, name: user.name };
  }
  const link = await db.inviteLink.findFirst({ where: { id: id.linkId, meetingId }, select: { id: true, label: true } });
  return link && { linkId: link.id, label: link.label };
}

// One event per connection and direction, whichever Prosody event reported it (and however often).
function participantWebhook(meeting: RoomMeeting, c: Connection) {
  const participant = "userId" in c.who ? { type: "person", userId: c.who.userId, name: c.who.name } : { type: "guest", linkId: c.who.linkId, linkLabel: c.who.label };
  const key = `${meeting.id}/${c.room}/${c.occupant}`;
  const data = { meeting: { id: meeting.id }, participant, joinedAt: c.joinedAt.toISOString() };
  return c.leftAt
    ? Promise.all([
        queueWebhook("participant.joined", key, data, c.joinedAt),
        queueWebhook("participant.left", key, { ...data, leftAt: c.leftAt.toISOString() }, c.leftAt),
      ])
    : queueWebhook("participant.joined", key, data, c.joinedAt);
}
