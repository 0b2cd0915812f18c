// The one place that signs Jitsi tokens, in the shape Prosody's token auth verifies.
import "server-only";
import { SignJWT } from "jose";
import type { ConferenceRights } from "@/lib/access/meetings";
import type { JitsiEnv } from "@/lib/env";

// Long enough to join and to reconnect after a short network drop (Prosody checks the token only
// when a connection is made); short enough that a leaked token, or a right removed, soon stops mattering.
export const TOKEN_TTL_SECONDS = 10 * 60;
// Prosody allows no clock skew on nbf; back-dating covers a portal clock slightly ahead of Jitsi's.
export const NOT_BEFORE_BACKDATE_SECONDS = 30;

export type JitsiSigner = { appId: string; secret: string; audience: string; subject: string };
export type JitsiTokenRequest = {
  room: string;
  user: { id: string; name: string; email: string | null };
  rights: ConferenceRights;
  /** The meeting (or one of its live invite links) wants a lobby: Prosody holds guests in it. */
  lobby: boolean;
  /** When the room closes (docker/prosody-plugins/mod_portal_room_end.lua); absent: it does not. */
  closesAt?: Date | null;
};
/** The JITSI_* settings; docker/compose.yml hands Prosody the same values (JWT_APP_ID, JWT_APP_SECRET, …). */
export const jitsiSigner = (s: JitsiEnv): JitsiSigner => ({ appId: s.JITSI_APP_ID, secret: s.JITSI_APP_SECRET, audience: s.JITSI_AUDIENCE, subject: s.JITSI_XMPP_DOMAIN });

const keys = new Map<string, Promise<CryptoKey>>();

export async function signJitsiToken(signer: JitsiSigner, req: JitsiTokenRequest, nowMs = Date.now()) {
  const now = Math.floor(nowMs / 1000);
  const expiresAt = now + TOKEN_TTL_SECONDS;
  const { rights } = req;
  const token = await new SignJWT({
    room: req.room.toLowerCase(),
    context: {
      user: {
        id: req.user.id,
        name: req.user.name,
        ...(req.user.email ? { email: req.user.email } : {}),
        // token_affiliation reads `affiliation`; newer Jitsi reads `moderator`. Both say the same.
        moderator: rights.moderator,
        affiliation: rights.moderator ? "owner" : "member",
        // jitsi-contrib's token_lobby_bypass and docker/prosody-plugins/mod_portal_lobby.lua read it
        // here: a colleague enters once a moderator is in, and passes a lobby a moderator switched on.
        lobby_bypass: rights.lobbyBypass,
      },
      // mod_portal_lobby.lua: a holder without lobby_bypass waits in the lobby until admitted, and a
      // moderator's arrival switches it on; false lets them in once a moderator is in.
      // mod_portal_room_end.lua closes the room at closes_at (Unix seconds), warning shortly before.
      room: { lobby: req.lobby, ...(req.closesAt ? { closes_at: Math.floor(req.closesAt.getTime() / 1000) } : {}) },
      // Jitsi honours a feature only when it is literally true; everything else is off. Prosody
      // enforces recording/livestreaming (filter_iq_jibri on Jibri start/stop); the rest steer the UI.
      features: {
        recording: rights.recording,
        livestreaming: rights.livestreaming,
        transcription: false,
        "outbound-call": false,
        "sip-outbound-call": false,
        lobby_bypass: rights.lobbyBypass,
      },
    },
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" }) // Prosody rejects a token without typ
    .setIssuer(signer.appId)
    .setAudience(signer.audience) // a single string: Prosody does not accept an array
    .setSubject(signer.subject)
    .setIssuedAt(now)
    .setNotBefore(now - NOT_BEFORE_BACKDATE_SECONDS)
    .setExpirationTime(expiresAt)
    .sign(await keyFor(signer.secret));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

// Imported once per secret, as the CryptoKey jose signs with: handed raw bytes or a KeyObject, it
// makes one on every call, which cost half of each signature's time (bench/).
function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])));
  return key;
}
