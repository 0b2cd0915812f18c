// Prosody's events, fed to the real route handler exactly as jitsi-contrib's event_sync component
// builds them (event_sync/mod_event_sync_component.lua: room_created, occupant_joined, occupant_left,
// room_destroyed, with handle_main_room_created's room_name/room_jid/is_breakout), including
// duplicates, reordering, unsigned and stale ones.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

const secret = vi.hoisted(() => (process.env.PROSODY_EVENTS_SECRET = "unit-test-prosody-events-secret-0123456789"));

import { POST } from "@/app/api/internal/prosody/events/[...path]/route";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";
import { roomNameFor } from "@/lib/jitsi/room";
import { guestConferenceId } from "@/lib/presence/identity";
import { liveCounts, whoIsIn } from "@/lib/presence/live";
import type { SessionUser } from "@/lib/access/meetings";
import { type EventSyncOccupant, eventSync } from "@/test/event-sync-payloads";

const now = () => Math.floor(Date.now() / 1000);

const occupant = (id: string | undefined, joinedAt: number, jidNode = randomUUID()): EventSyncOccupant => ({
  occupant_jid: `${jidNode}@meet.jitsi/${jidNode.slice(0, 8)}`,
  joined_at: joinedAt,
  ...(id ? { id, name: "Name Prosody was told" } : {}),
});
const joined = (room: string, o: EventSyncOccupant, count = 1) => eventSync.joined(room, o, count);
const left = (room: string, o: EventSyncOccupant, leftAt: number, count = 0) => eventSync.left(room, { ...o, left_at: leftAt }, count);
const destroyed = eventSync.destroyed;

async function send(event: { path: string; body: unknown }, opts: { auth?: string | null; path?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Prosody (0.12.3; posix)" };
  const auth = opts.auth === undefined ? `Bearer ${secret}` : opts.auth;
  if (auth) headers.authorization = auth;
  const path = (opts.path ?? event.path).split("/");
  const res = await POST(new Request(`http://portal/api/internal/prosody/events/${path.join("/")}`, { method: "POST", headers, body: JSON.stringify(event.body) }), {
    params: Promise.resolve({ path }),
  });
  return { status: res.status, body: (await res.json()) as { outcome?: string; error?: { code: string } } };
}

let owner: { id: string; name: string };
let colleague: { id: string; name: string };
let viewer: SessionUser;

async function meetingWithRoom(label = "Partners") {
  const meeting = await db.meeting.create({
    data: { ownerId: owner.id, title: "Weekly", startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000), durationMinutes: 60, timeZone: "UTC" },
  });
  const link = await db.inviteLink.create({
    data: { meetingId: meeting.id, tokenHash: randomUUID(), salt: "s", label, lobby: false, expiresAt: new Date(Date.now() + 3600_000), createdById: owner.id },
  });
  return { meeting, link, room: roomNameFor(meeting.id, env.ROOM_NAME_SECRET) };
}

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL!);
  owner = await db.user.create({ data: { subject: `owner-${randomUUID()}`, name: "Olga Owner" } });
  colleague = await db.user.create({ data: { subject: `col-${randomUUID()}`, name: "Colin Colleague" } });
  viewer = { id: owner.id, name: owner.name, email: null, groups: [], roles: [], permissions: [], suspended: false } as unknown as SessionUser;
});

describe("Prosody events", () => {
  it("shows who is in by the portal's own records, once per person, however often an event comes", async () => {
    const { meeting, room } = await meetingWithRoom();
    const t = now();
    const a = occupant(colleague.id, t);
    expect((await send(joined(room, a))).body.outcome).toBe("recorded");
    expect((await send(joined(room, a))).status).toBe(200); // event_sync's retry of the same event
    const phone = occupant(colleague.id, t + 1); // a second connection of the same person
    await send(joined(room, phone, 2));
    expect(await liveCounts(viewer, [meeting.id])).toEqual({ [meeting.id]: 1 });
    expect(await whoIsIn(meeting.id)).toEqual([{ key: colleague.id, name: "Colin Colleague", guest: false }]);
    expect(await db.conferenceSession.count({ where: { meetingId: meeting.id } })).toBe(2);

    await send(left(room, a, t + 5, 1));
    await send(left(room, a, t + 5, 1));
    await send(left(room, phone, t + 6));
    expect(await liveCounts(viewer, [meeting.id])).toEqual({});
    const rows = await db.conferenceSession.findMany({ where: { meetingId: meeting.id }, orderBy: { joinedAt: "asc" } });
    expect(rows.map((r) => r.leftAt?.getTime())).toEqual([(t + 5) * 1000, (t + 6) * 1000]);
  });

  it("keeps a leave that arrived before its join", async () => {
    const { meeting, room } = await meetingWithRoom();
    const t = now();
    const a = occupant(colleague.id, t - 10);
    await send(left(room, a, t));
    await send(joined(room, a));
    expect(await liveCounts(viewer, [meeting.id])).toEqual({});
    expect(await db.conferenceSession.findFirst({ where: { meetingId: meeting.id }, select: { joinedAt: true, leftAt: true } })).toEqual({
      joinedAt: new Date((t - 10) * 1000),
      leftAt: new Date(t * 1000),
    });
  });

  it("names a guest only by the link they came through, and stores no guest name", async () => {
    const { meeting, link, room } = await meetingWithRoom("Board guests");
    await send(joined(room, occupant(guestConferenceId(link.id, randomUUID()), now())));
    expect(await whoIsIn(meeting.id)).toEqual([expect.objectContaining({ name: "Guest via Board guests", guest: true })]);
    const row = await db.conferenceSession.findFirstOrThrow({ where: { meetingId: meeting.id } });
    expect(JSON.stringify(row)).not.toContain("Name Prosody was told");
    expect(row).toMatchObject({ userId: null, linkId: link.id });
  });

  it("ignores connections the portal cannot name: no token id (Jibri), an unknown person, another meeting's link", async () => {
    const { meeting, room } = await meetingWithRoom();
    const other = await meetingWithRoom();
    for (const id of [undefined, randomUUID(), guestConferenceId(other.link.id, randomUUID()), "mallory"]) {
      expect((await send(joined(room, occupant(id, now())))).body.outcome).toBe("ignored");
    }
    expect(await db.conferenceSession.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it("closes every open connection when the room is destroyed, and fills in joins whose requests were lost", async () => {
    const { meeting, room } = await meetingWithRoom();
    const t = now();
    const a = occupant(owner.id, t - 60);
    const lost = occupant(colleague.id, t - 50); // its "joined" never reached the portal
    await send(joined(room, a));
    await send(destroyed(room, t - 61, t, [a, { ...lost, left_at: t - 5 }]));
    const rows = await db.conferenceSession.findMany({ where: { meetingId: meeting.id }, orderBy: { joinedAt: "asc" }, select: { userId: true, leftAt: true } });
    expect(rows).toEqual([
      { userId: owner.id, leftAt: new Date(t * 1000) },
      { userId: colleague.id, leftAt: new Date((t - 5) * 1000) },
    ]);
  });

  it("refuses unsigned, wrongly signed, stale, misaddressed and malformed events, and writes nothing", async () => {
    const { meeting, room } = await meetingWithRoom();
    const fresh = joined(room, occupant(colleague.id, now()));
    expect(await send(fresh, { auth: null })).toMatchObject({ status: 401 });
    expect(await send(fresh, { auth: "Bearer not-the-secret" })).toMatchObject({ status: 401 });
    expect(await send(fresh, { auth: secret })).toMatchObject({ status: 401 });
    expect(await send(joined(room, occupant(colleague.id, now() - 3600)))).toMatchObject({ status: 409, body: { error: { code: "stale" } } });
    expect(await send(joined(room, occupant(colleague.id, now() + 3600)))).toMatchObject({ status: 409 });
    expect(await send(fresh, { path: "occupant/left" })).toMatchObject({ status: 422 });
    expect(await send(fresh, { path: "room/renamed" })).toMatchObject({ status: 404 });
    expect(await send({ ...fresh, body: { ...fresh.body, occupant: "x" } })).toMatchObject({ status: 422 });
    expect(await send({ path: fresh.path, body: { event_name: "muc-occupant-joined" } })).toMatchObject({ status: 422 });
    expect(await db.conferenceSession.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it("answers an event for a room no meeting has without writing", async () => {
    expect((await send(joined("not-a-portal-room", occupant(colleague.id, now())))).body.outcome).toBe("unknown_room");
    expect((await send(eventSync.created("not-a-portal-room", now()))).status).toBe(200);
  });
});

describe("events as a real Prosody sent them", () => {
  // test/fixtures/event-sync-captured.json: event_sync's own requests, captured under a real Prosody
  // running docker/prosody/portal-events.cfg.lua. Replayed with this test's room, people and clock.
  it("records the captured requests, including a destroyed room whose empty list Prosody encodes as {}", async () => {
    const { events } = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../test/fixtures/event-sync-captured.json"), "utf8")) as {
      events: { path: string; contentType: string; body: Record<string, unknown> }[];
    };
    const { meeting, room } = await meetingWithRoom();
    const ids = new Map<string, string>();
    const people = [owner.id, colleague.id];
    const shift = now() - Math.max(...events.map((e) => Number(e.body.destroyed_at ?? 0)));
    const remap = (v: unknown, key = ""): unknown => {
      if (Array.isArray(v)) return v.map((x) => remap(x));
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, remap(x, k)]));
      if (key === "room_name") return room;
      if (key === "room_jid") return `${room}@muc.meet.jitsi`;
      if (key.endsWith("_at")) return (v as number) + shift;
      if (key === "id") return ids.get(v as string) ?? ids.set(v as string, people[ids.size % 2]!).get(v as string);
      return v;
    };
    const empty = events.find((e) => e.path === "room/destroyed" && !Array.isArray(e.body.all_occupants));
    expect(empty?.body.all_occupants).toEqual({});
    for (const e of events) {
      expect(e.contentType).toBe("application/json");
      const res = await send({ path: e.path, body: remap(e.body) });
      expect(res.status, `${e.path}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect(await db.conferenceSession.count({ where: { meetingId: meeting.id } })).toBeGreaterThan(0);
    expect(await liveCounts(viewer, [meeting.id])).toEqual({});
  });
});
