// What jitsi-contrib's event_sync component POSTs (event_sync/mod_event_sync_component.lua, shipped in
// the Prosody image under /prosody-plugins-contrib): one JSON body per event, times in Unix seconds.
// Only what the portal uses is read; names and emails in the payload are ignored on purpose.
import { z } from "zod";

const seconds = z.number().int().nonnegative();
// room_name/room_jid/is_breakout/breakout_room_id come from handle_main_room_created /
// handle_breakout_room_created (event_sync_extra_payload); for a breakout room they name the main room.
const room = {
  room_name: z.string().min(1).max(256),
  room_jid: z.string().min(1).max(512),
  is_breakout: z.boolean().default(false),
  breakout_room_id: z.string().max(256).optional(),
};
// EventData:on_occupant_joined / on_occupant_leave: `id` is the token's context.user.id, absent for
// sessions without a token (Jibri's recorder, Jigasi), which are not people in the meeting.
const occupant = z.object({
  occupant_jid: z.string().min(1).max(512),
  id: z.string().max(200).optional(),
  joined_at: seconds,
  left_at: seconds.optional(),
});

// Prosody's util.json encodes an empty Lua table as an object: a room nobody joined arrives with
// "all_occupants": {} (seen under a real Prosody), which means no occupants, not a bad event.
const occupantList = z.preprocess((v) => (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0 ? [] : v), z.array(occupant).max(5000));

export const prosodyEvent = z.discriminatedUnion("event_name", [
  z.object({ event_name: z.literal("muc-room-created"), ...room, created_at: seconds }),
  z.object({ event_name: z.literal("muc-room-destroyed"), ...room, created_at: seconds, destroyed_at: seconds, all_occupants: occupantList }),
  z.object({ event_name: z.literal("muc-occupant-joined"), ...room, active_occupants_count: z.number().int().nonnegative(), occupant }),
  z.object({ event_name: z.literal("muc-occupant-left"), ...room, active_occupants_count: z.number().int().nonnegative(), occupant: occupant.extend({ left_at: seconds }) }),
]);
export type ProsodyEvent = z.infer<typeof prosodyEvent>;
export type ProsodyOccupant = z.infer<typeof occupant>;

// The URL path each event arrives on (URL_EVENT_* in the module), so a body cannot claim another kind.
export const EVENT_PATHS = {
  "room/created": "muc-room-created",
  "room/destroyed": "muc-room-destroyed",
  "occupant/joined": "muc-occupant-joined",
  "occupant/left": "muc-occupant-left",
} as const satisfies Record<string, ProsodyEvent["event_name"]>;

// event_sync sends at once and retries for seconds (api_retry_count × api_retry_delay, api_timeout);
// anything older is a replay. Prosody's clock runs beside the portal's, on the same host or network.
export const MAX_EVENT_AGE_SECONDS = 300;

export const isStale = (e: ProsodyEvent, nowSeconds: number) => Math.abs(nowSeconds - eventTime(e)) > MAX_EVENT_AGE_SECONDS;

/** The moment the event happened, by Prosody's clock: what staleness is judged by. */
function eventTime(e: ProsodyEvent): number {
  switch (e.event_name) {
    case "muc-room-created":
      return e.created_at;
    case "muc-room-destroyed":
      return e.destroyed_at;
    case "muc-occupant-joined":
      return e.occupant.joined_at;
    case "muc-occupant-left":
      return e.occupant.left_at;
  }
}
