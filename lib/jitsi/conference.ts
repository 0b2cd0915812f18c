// Everything the browser needs to enter one conference, decided on the server from the caller's rights.
import "server-only";
import { type ConferenceRights } from "@/lib/access/meetings";
import { demoMode, env } from "@/lib/env";
import { roomNameFor } from "@/lib/jitsi/room";
import { jitsiSigner, signJitsiToken } from "@/lib/jitsi/token";

export type ConferenceTicket = {
  domain: string;
  room: string;
  /** null only in demo mode, where the public Jitsi domain takes no token. */
  token: string | null;
  expiresAt: string | null;
  demo: boolean;
  displayName: string;
  moderator: boolean;
  subject: string;
  /** The moderator's client switches the room's lobby on when the meeting or one of its links wants it. */
  lobby: boolean;
  e2ee: boolean;
};

type TicketRequest = {
  meeting: { id: string; title: string; e2ee: boolean };
  user: { id: string; name: string; email: string | null };
  rights: ConferenceRights;
  /** The meeting or one of its live invite links wants a lobby (signed into the token for Prosody). */
  lobby: boolean;
  /** When Prosody closes the room (signed into the token). */
  closesAt: Date | null;
};

export async function issueConferenceTicket({ meeting, user, rights, lobby, closesAt }: TicketRequest): Promise<ConferenceTicket> {
  const room = roomNameFor(meeting.id, env.ROOM_NAME_SECRET);
  const signed = env.JITSI_APP_SECRET
    ? await signJitsiToken(
        jitsiSigner({ ...env, JITSI_APP_SECRET: env.JITSI_APP_SECRET }),
        // No email: nothing in the conference needs it (gravatar is off), and Jitsi would show it to others.
        { room, user: { id: user.id, name: user.name, email: null }, rights, lobby, closesAt },
      )
    : null;
  return {
    domain: env.JITSI_DOMAIN,
    room,
    token: signed?.token ?? null,
    expiresAt: signed?.expiresAt.toISOString() ?? null,
    demo: demoMode,
    displayName: user.name,
    moderator: rights.moderator,
    subject: meeting.title,
    lobby: rights.moderator && lobby,
    e2ee: meeting.e2ee,
  };
}
