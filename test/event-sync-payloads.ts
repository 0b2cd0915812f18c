// Request bodies exactly as jitsi-contrib's event_sync component builds them
// (event_sync/mod_event_sync_component.lua: room_created, occupant_joined, occupant_left, room_destroyed,
// each merged with handle_main_room_created's room_name/room_jid/is_breakout), and the path each goes to
// (URL_EVENT_*). Shared by the unit tests and the e2e Jitsi stand-in, which reports its conference so.
export type EventSyncOccupant = { occupant_jid: string; joined_at: number; left_at?: number; id?: string; name?: string; email?: string };

const room = (name: string) => ({ room_name: name, room_jid: `${name}@muc.meet.jitsi`, is_breakout: false });

export const eventSync = {
  created: (name: string, at: number) => ({ path: "room/created", body: { event_name: "muc-room-created", created_at: at, ...room(name) } }),
  joined: (name: string, occupant: EventSyncOccupant, active: number) => ({
    path: "occupant/joined",
    body: { event_name: "muc-occupant-joined", occupant, active_occupants_count: active, ...room(name) },
  }),
  left: (name: string, occupant: EventSyncOccupant & { left_at: number }, active: number) => ({
    path: "occupant/left",
    body: { event_name: "muc-occupant-left", occupant, active_occupants_count: active, ...room(name) },
  }),
  // get_occupant_array: everyone since the room was created; Prosody's JSON writes an empty one as {}.
  destroyed: (name: string, createdAt: number, destroyedAt: number, all: EventSyncOccupant[]) => ({
    path: "room/destroyed",
    body: { event_name: "muc-room-destroyed", created_at: createdAt, destroyed_at: destroyedAt, all_occupants: all.length ? all : {}, ...room(name) },
  }),
};

/** POSTs one event as the module does (http_headers: User-Agent, Content-Type, plus api_headers). */
export function postEvent(prefix: string, secret: string, e: { path: string; body: unknown }) {
  return fetch(`${prefix}/events/${e.path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "Prosody (0.12.3; posix)", Authorization: `Bearer ${secret}` },
    body: JSON.stringify(e.body),
  });
}
