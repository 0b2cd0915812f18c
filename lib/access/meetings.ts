// Every access question about meetings is answered here, as pure functions of (user, meeting).
// Loaders in load-meeting.ts fetch the row; pages, actions and route handlers only ask.

import type { Permission } from "@/lib/access/permissions";

export type SessionUser = {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
  groups: string[];
  /** Effective portal permissions (lib/access/permissions.ts), as of this request. */
  permissions: Permission[];
  /** Suspended by an admin: every rule below answers no. */
  suspended: boolean;
  /** The IANA zone of the browser they last used (for their mails); null until known. */
  timeZone: string | null;
};

export type MeetingRole = "owner" | "moderator" | "participant" | "none";

export type MeetingAction =
  | "view" // see the meeting page
  | "join" // get a Jitsi token
  | "edit" // change title, time, options
  | "cancel"
  | "manageMembers"
  | "moderate" // moderator in the conference
  | "invite" // create and revoke invite links
  | "record"
  | "livestream"
  | "viewRecordings" // list, play and download the meeting's recordings
  | "seeWhoIsIn" // who is in the conference now (everyone who may view sees how many)
  | "deleteRecordings";

/** What the access rules need of a meeting row (see findForUser in load-meeting.ts). */
export type MeetingAccess = {
  ownerId: string;
  cancelledAt: Date | null;
  recordingAllowed: boolean;
  /** The caller's own membership, if any (the loader selects only the caller's row). */
  members: { userId: string; role: "MODERATOR" | "PARTICIPANT" }[];
  /** Shares with the caller's groups (the loader selects only those). */
  groupShares?: { group: string; role: "MODERATOR" | "PARTICIPANT" }[];
};

export const PORTAL_ROLES = { admin: "admin", employee: "employee" } as const;


// What each role in a meeting allows. Recording, streaming and inviting also need the portal
// permission (see `can`); a table, not scattered ifs.
const ROLE_PERMISSIONS: Record<MeetingRole, readonly MeetingAction[]> = {
  owner: ["view", "join", "edit", "cancel", "manageMembers", "moderate", "invite", "viewRecordings", "deleteRecordings", "seeWhoIsIn"],
  moderator: ["view", "join", "moderate", "invite", "viewRecordings", "seeWhoIsIn"],
  participant: ["view", "join"],
  none: [],
};

// Actions that stop making sense once a meeting is cancelled; its page stays readable to its people.
const LIVE_ACTIONS: readonly MeetingAction[] = ["join", "edit", "cancel", "manageMembers", "moderate", "invite", "record", "livestream"];

export const has = (user: SessionUser, permission: Permission) => !user.suspended && user.permissions.includes(permission);

export function canSchedule(user: SessionUser): boolean {
  return has(user, "SCHEDULE");
}

/** Owner, else the strongest of the caller's own membership and their groups' shares. */
export function meetingRole(user: SessionUser, meeting: MeetingAccess): MeetingRole {
  if (meeting.ownerId === user.id) return "owner";
  const roles = [
    ...meeting.members.filter((m) => m.userId === user.id).map((m) => m.role),
    ...(meeting.groupShares ?? []).filter((s) => user.groups.includes(s.group)).map((s) => s.role),
  ];
  if (roles.includes("MODERATOR")) return "moderator";
  if (roles.includes("PARTICIPANT")) return "participant";
  return "none";
}

export function can(user: SessionUser, meeting: MeetingAccess, action: MeetingAction): boolean {
  if (user.suspended) return false;
  if (meeting.cancelledAt && LIVE_ACTIONS.includes(action)) return false;
  const allowed = ROLE_PERMISSIONS[meetingRole(user, meeting)];
  switch (action) {
    case "view":
      return allowed.includes("view") || has(user, "SEE_ALL_MEETINGS");
    case "moderate":
      return allowed.includes("moderate") || (allowed.includes("join") && has(user, "MODERATE_ANY"));
    case "record":
      return meeting.recordingAllowed && has(user, "RECORD") && can(user, meeting, "moderate");
    case "livestream":
      return has(user, "LIVESTREAM") && can(user, meeting, "moderate");
    case "invite":
      return allowed.includes("invite") && has(user, "CREATE_GUEST_LINKS");
    default:
      return allowed.includes(action);
  }
}

/** What the caller may do inside the conference; the Jitsi token carries exactly this. */
export type ConferenceRights = { moderator: boolean; recording: boolean; livestreaming: boolean; lobbyBypass: boolean };

export function conferenceRights(user: SessionUser, meeting: MeetingAccess): ConferenceRights {
  return {
    moderator: can(user, meeting, "moderate"),
    recording: can(user, meeting, "record"),
    livestreaming: can(user, meeting, "livestream"),
    // The lobby holds back outsiders: moderators and invited employees never wait in it.
    lobbyBypass: can(user, meeting, "join"),
  };
}

/** What an invite link lets into a meeting. */
export type LinkAccess = {
  role: "GUEST" | "PARTICIPANT";
  lobby: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  maxUses: number | null;
  uses: number;
  /** Whoever vouches for the link: their suspension suspends it (until the owner re-issues it). */
  createdBy: { suspendedAt: Date | null };
};

export type LinkState = "usable" | "revoked" | "creator_suspended" | "expired" | "used_up" | "cancelled";

/** Revoked, expired, used-up and cancelled links all refuse; callers answer each the same way. */
export function linkState(link: LinkAccess, meeting: Pick<MeetingAccess, "cancelledAt">, now: Date, joining = false): LinkState {
  if (link.revokedAt) return "revoked";
  if (link.createdBy.suspendedAt) return "creator_suspended";
  if (meeting.cancelledAt) return "cancelled";
  if (link.expiresAt <= now) return "expired";
  // A new person needs a free use; someone already let in by this link keeps coming back.
  if (joining && link.maxUses !== null && link.uses >= link.maxUses) return "used_up";
  return "usable";
}

/** A link holder never moderates or records; the link alone decides whether they wait in the lobby. */
/** A link's holders wait in the lobby when the link or its meeting wants one. */
export function linkRights(link: Pick<LinkAccess, "lobby">, meeting: { lobby: boolean }): ConferenceRights {
  return { moderator: false, recording: false, livestreaming: false, lobbyBypass: !link.lobby && !meeting.lobby };
}

/** A signed-in person opening a link gets the higher of their own rights and the link's. */
export function strongerRights(a: ConferenceRights, b: ConferenceRights): ConferenceRights {
  return {
    moderator: a.moderator || b.moderator,
    recording: a.recording || b.recording,
    livestreaming: a.livestreaming || b.livestreaming,
    lobbyBypass: a.lobbyBypass || b.lobbyBypass,
  };
}
