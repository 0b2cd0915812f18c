// npm run jitsi:token -- --room ROOM --as owner|participant|guest --lobby|--no-lobby [--closes-in SECONDS]
// Prints a short-lived Jitsi token for one room, for opening it by hand (README "Deploy") and for the
// real-Prosody harness: as the meeting's owner (the meeting allowing recording), an invited colleague,
// or an invite link's holder, of a meeting with or without a lobby. The rights come from the same rules
// (lib/access/meetings.ts) and the claims from the same signer (lib/jitsi/token.ts) as the token
// routes; it needs only the JITSI_* settings, no database. Info goes to stderr; the token is the last word.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type MeetingAccess, type SessionUser, conferenceRights, linkRights } from "@/lib/access/meetings";
import { jitsiEnv } from "@/lib/env";
import { jitsiSigner, signJitsiToken } from "@/lib/jitsi/token";

const args = z.object({
  room: z.string().regex(/^[^\s@/]+$/, "--room takes a room name (the last part of the meeting URL)"),
  as: z.enum(["owner", "participant", "guest"], { error: "--as takes owner, participant or guest" }),
  lobby: z.boolean({ error: "say --lobby or --no-lobby: whether the meeting wants a lobby" }),
  // The room closes this many seconds from now (mod_portal_room_end.lua), as at a meeting's end.
  closesIn: z.coerce.number().int().min(0).max(7 * 86_400).optional(),
});

const { values } = parseArgs({
  options: { room: { type: "string" }, as: { type: "string" }, lobby: { type: "boolean" }, "no-lobby": { type: "boolean" }, "closes-in": { type: "string" } },
  strict: true,
});
const parsed = args.safeParse({ ...values, lobby: values.lobby ?? (values["no-lobby"] ? false : undefined), closesIn: values["closes-in"] });
if (!parsed.success) {
  console.error(`jitsi:token: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  process.exit(2);
}
const { room, as, lobby, closesIn } = parsed.data;

// A meeting of the portal's shape: its owner may record (RECORD, recording allowed), one invited colleague.
const meeting: MeetingAccess = { ownerId: "owner", cancelledAt: null, recordingAllowed: true, members: [{ userId: "participant", role: "PARTICIPANT" }] };
const person = (id: string, permissions: SessionUser["permissions"]): SessionUser =>
  ({ id, name: `${as[0]!.toUpperCase()}${as.slice(1)} (jitsi:token)`, email: null, roles: [], groups: [], permissions, suspended: false, timeZone: null });
const user = as === "owner" ? person("owner", ["RECORD"]) : as === "participant" ? person("participant", []) : person(randomUUID(), []);
const rights = as === "guest" ? linkRights({ lobby }, { lobby }) : conferenceRights(user, meeting);

const closesAt = closesIn === undefined ? null : new Date(Date.now() + closesIn * 1000);
const { token, expiresAt } = await signJitsiToken(jitsiSigner(jitsiEnv()), { room, user, rights, lobby, closesAt });
console.error(`${as} of ${room.toLowerCase()} (${lobby ? "lobby" : "no lobby"}), rights ${JSON.stringify(rights)}, valid until ${expiresAt.toISOString()}`);
console.log(token);
