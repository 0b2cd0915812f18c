// Every access question about meetings is answered here, as pure functions of (user, meeting).
// Loaders in load-meeting.ts fetch the row; pages, actions and route handlers only ask.

export type SessionUser = { id: string; name: string; email: string | null; roles: string[]; groups: string[] };

export type MeetingRole = "owner" | "moderator" | "participant" | "none";

export type MeetingAction =
  | "view" // see the meeting page
  | "join" // get a Jitsi token
  | "edit" // change title, time, options
  | "cancel"
  | "manageMembers"
  | "moderate" // moderator in the conference, bypasses the lobby
  | "record"
  | "livestream";

/** What the access rules need of a meeting row (see findForUser in load-meeting.ts). */
export type MeetingAccess = {
  ownerId: string;
  cancelledAt: Date | null;
  recordingAllowed: boolean;
  /** The caller's own membership, if any (the loader selects only the caller's row). */
  members: { userId: string; role: "MODERATOR" | "PARTICIPANT" }[];
};

export const PORTAL_ROLES = { admin: "admin", employee: "employee" } as const;

const ROLE_PERMISSIONS: Record<MeetingRole, readonly MeetingAction[]> = {
  owner: ["view", "join", "edit", "cancel", "manageMembers", "moderate", "record"],
  moderator: ["view", "join", "moderate", "record"],
  participant: ["view", "join"],
  none: [],
};

// Actions that stop making sense once a meeting is cancelled; its page stays readable to its people.
const LIVE_ACTIONS: readonly MeetingAction[] = ["join", "edit", "cancel", "manageMembers", "moderate", "record", "livestream"];

export function canSchedule(user: SessionUser): boolean {
  return user.roles.includes(PORTAL_ROLES.employee) || user.roles.includes(PORTAL_ROLES.admin);
}

export function meetingRole(user: SessionUser, meeting: MeetingAccess): MeetingRole {
  if (meeting.ownerId === user.id) return "owner";
  const member = meeting.members.find((m) => m.userId === user.id);
  if (member?.role === "MODERATOR") return "moderator";
  if (member?.role === "PARTICIPANT") return "participant";
  return "none";
}

export function can(user: SessionUser, meeting: MeetingAccess, action: MeetingAction): boolean {
  if (meeting.cancelledAt && LIVE_ACTIONS.includes(action)) return false;
  if (action === "record" && !meeting.recordingAllowed) return false;
  return ROLE_PERMISSIONS[meetingRole(user, meeting)].includes(action);
}

/** What the caller may do inside the conference; the Jitsi token carries exactly this. */
export type ConferenceRights = { moderator: boolean; recording: boolean; livestreaming: boolean; lobbyBypass: boolean };

export function conferenceRights(user: SessionUser, meeting: MeetingAccess): ConferenceRights {
  const moderator = can(user, meeting, "moderate");
  return {
    moderator,
    recording: can(user, meeting, "record"),
    livestreaming: can(user, meeting, "livestream"),
    // Moderators must never wait in their own lobby.
    lobbyBypass: moderator,
  };
}
