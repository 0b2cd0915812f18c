// Everything the browser needs to enter one conference, decided on the server from the caller's rights.
import "server-only";
import { type ConferenceRights } from "@/lib/access/meetings";
import { demoMode, env } from "@/lib/env";
import { roomNameFor } from "@/lib/jitsi/room";
import { signJitsiToken } from "@/lib/jitsi/token";

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
  lobby: boolean;
};

export async function issueConferenceTicket({ meeting, user, rights, lobby }: TicketRequest): Promise<ConferenceTicket> {
  const room = roomNameFor(meeting.id, env.ROOM_NAME_SECRET);
  const signed = env.JITSI_APP_SECRET
    ? await signJitsiToken(
        { appId: env.JITSI_APP_ID, secret: env.JITSI_APP_SECRET, audience: env.JITSI_AUDIENCE, subject: env.JITSI_XMPP_DOMAIN },
        // No email: nothing in the conference needs it (gravatar is off), and Jitsi would show it to others.
        { room, user: { id: user.id, name: user.name, email: null }, rights },
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
    lobby,
    e2ee: meeting.e2ee,
  };
}
