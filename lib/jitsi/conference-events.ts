// How the portal's page reacts to what the embedded Jitsi reports, and to the portal refusing a
// renewed ticket. Pure, so the decisions are unit-tested; components/jitsi-room.tsx acts on them.
//
// Jitsi sends `errorOccurred` with `{ error: { name, message, params, type, isFatal } }`
// (jitsi-meet react/features/overlay/middleware.ts → APP.API.notifyError). Error names are
// lib-jitsi-meet's JitsiConnectionErrors / JitsiConferenceErrors.

export type JitsiError = { name?: unknown; params?: unknown; type?: unknown; isFatal?: unknown };

export type Reaction =
  /** The token was refused (expired, or the server's settings differ): ask the portal for a new one. */
  | { kind: "renew"; cause: "auth" }
  /** The connection or the conference broke: rejoin, with a fresh token in case the old one expired. */
  | { kind: "renew"; cause: "connection" }
  /** In the lobby: until a moderator is in (`forHost`), or until one admits this person. */
  | { kind: "waiting"; forHost: boolean }
  | { kind: "denied" }
  | { kind: "ended" }
  | { kind: "ignore" };

const CONNECTION_LOST = new Set(["connection.droppedError", "connection.otherError", "connection.serverError"]);
// isFatalJitsiConferenceError in jitsi-meet react/features/base/lib-jitsi-meet/functions.any.ts.
const CONFERENCE_BROKEN = new Set([
  "conference.focusDisconnected",
  "conference.focusLeft",
  "conference.iceFailed",
  "conference.offerAnswerFailed",
  "conference.videobridgeNotAvailable",
]);

export function reactTo(error: JitsiError | undefined): Reaction {
  const name = typeof error?.name === "string" ? error.name : "";
  if (name === "connection.passwordRequired") return { kind: "renew", cause: "auth" };
  if (CONNECTION_LOST.has(name) || CONFERENCE_BROKEN.has(name)) return { kind: "renew", cause: "connection" };
  // params = [lobby room JID, waiting for host] (base/conference/reducer.ts, _conferenceFailed).
  if (name === "conference.connectionError.membersOnly") return { kind: "waiting", forHost: Array.isArray(error?.params) && error.params[1] === true };
  if (name === "conference.connectionError.accessDenied") return { kind: "denied" };
  if (name === "conference.destroyed") return { kind: "ended" };
  return { kind: "ignore" };
}

/** Rejoins in a row without ever getting in: past this the page stops and says why. */
export const RENEWAL_LIMIT = 3;

/** Ask for a fresh ticket this long before the current token expires, to check the rights again. */
export const RECHECK_BEFORE_EXPIRY_MS = 60_000;

export type Refusal = { status: number; code: string; message: string };
export type RefusalNotice = { title: string; text: string; revoked: boolean };

/**
 * What to tell someone whose renewed ticket was refused. `revoked`: their right to the meeting is
 * gone (removed, link revoked, cancelled, suspended, signed out): they leave the conference at once
 * and retrying cannot help. Otherwise (not open, too many requests, the portal failing) the
 * conference goes on and only a rejoin waits.
 */
export function renewalRefused(r: Refusal): RefusalNotice {
  switch (r.code) {
    case "forbidden":
    case "not_found":
      return { title: "You were removed from this meeting", text: "The organiser took away your access, so you cannot rejoin.", revoked: true };
    case "invalid_link":
      return { title: "Your invitation is no longer valid", text: "The link you joined with was revoked or has expired, so you cannot rejoin.", revoked: true };
    case "cancelled":
      return { title: "This meeting was cancelled", text: "The organiser cancelled it, so it cannot be rejoined.", revoked: true };
    case "suspended":
      return { title: "Your account is suspended", text: r.message, revoked: true };
    case "unauthenticated":
    case "name_required":
      return { title: "Your session has ended", text: "Sign in again (or reopen your invitation link) to rejoin.", revoked: true };
    default:
      return { title: "You cannot rejoin right now", text: r.message, revoked: false };
  }
}
