// The decision table of the access module: meeting roles × actions, portal permissions from role and
// group grants, shares with users and groups, suspension and site policy.
import { describe, expect, it } from "vitest";
import { type MeetingAccess, type MeetingAction, type SessionUser, can, canSchedule, conferenceRights, meetingRole } from "@/lib/access/meetings";
import { type Grant, effectivePermissions } from "@/lib/access/permissions";

const DEFAULT_GRANTS: Grant[] = [
  { permission: "SCHEDULE", subjectType: "ROLE", subject: "employee" },
  { permission: "CREATE_GUEST_LINKS", subjectType: "ROLE", subject: "employee" },
  { permission: "RECORD", subjectType: "GROUP", subject: "media" },
  { permission: "MODERATE_ANY", subjectType: "ROLE", subject: "admin" },
  { permission: "SEE_ALL_MEETINGS", subjectType: "ROLE", subject: "admin" },
  { permission: "LIVESTREAM", subjectType: "ROLE", subject: "admin" },
  { permission: "RECORD", subjectType: "ROLE", subject: "admin" },
];

const user = (id: string, roles: string[] = ["employee"], groups: string[] = [], opts: { recordingAllowed?: boolean; suspended?: boolean } = {}): SessionUser => ({
  id,
  name: id,
  email: null,
  roles,
  groups,
  permissions: effectivePermissions({ roles, groups }, DEFAULT_GRANTS, { recordingAllowed: opts.recordingAllowed ?? true }),
  suspended: opts.suspended ?? false,
  timeZone: null,
});

const owner = user("owner", ["employee"], ["media"]);
const mod = user("mod", ["employee"], ["media"]);
const part = user("part");
const stranger = user("stranger");
const admin = user("admin", ["admin"]);
const sharedMod = user("sharedMod", ["employee"], ["sales"]);
const sharedPart = user("sharedPart", [], ["support"]);

const meeting = (over: Partial<MeetingAccess> = {}): MeetingAccess => ({
  ownerId: owner.id,
  cancelledAt: null,
  recordingAllowed: true,
  members: [
    { userId: mod.id, role: "MODERATOR" },
    { userId: part.id, role: "PARTICIPANT" },
  ],
  groupShares: [
    { group: "sales", role: "MODERATOR" },
    { group: "support", role: "PARTICIPANT" },
  ],
  ...over,
});

const ACTIONS: MeetingAction[] = ["view", "join", "edit", "cancel", "manageMembers", "moderate", "invite", "record", "livestream", "viewRecordings", "deleteRecordings"];
const row = (allowed: MeetingAction[]) => Object.fromEntries(ACTIONS.map((a) => [a, allowed.includes(a)])) as Record<MeetingAction, boolean>;

// who × action → allowed, for a live meeting that allows recording.
const TABLE: Record<string, Record<MeetingAction, boolean>> = {
  owner: row(["view", "join", "edit", "cancel", "manageMembers", "moderate", "invite", "record", "viewRecordings", "deleteRecordings"]),
  mod: row(["view", "join", "moderate", "invite", "record", "viewRecordings"]),
  part: row(["view", "join"]),
  stranger: row([]),
  // Admins see every meeting, but join and moderate only where they were given a place.
  admin: row(["view"]),
  // Shares with a group give its members the share's role (sales has no RECORD grant).
  sharedMod: row(["view", "join", "moderate", "invite", "viewRecordings"]),
  // A user with no portal role joins what they were given, and cannot invite (no permission).
  sharedPart: row(["view", "join"]),
};
const USERS: Record<string, SessionUser> = { owner, mod, part, stranger, admin, sharedMod, sharedPart };

describe("meeting access table", () => {
  for (const [who, expected] of Object.entries(TABLE)) {
    for (const action of ACTIONS) {
      it(`${who} × ${action} → ${expected[action]}`, () => {
        expect(can(USERS[who]!, meeting(), action)).toBe(expected[action]);
      });
    }
  }

  it("names each role; a group share counts like a membership, the stronger one wins", () => {
    expect([owner, mod, part, stranger, sharedMod, sharedPart].map((u) => meetingRole(u, meeting()))).toEqual(["owner", "moderator", "participant", "none", "moderator", "participant"]);
    const both = user("part", ["employee"], ["sales"]);
    expect(meetingRole(both, meeting())).toBe("moderator");
  });

  it("removing a share or membership takes the right away", () => {
    expect(can(sharedMod, meeting({ groupShares: [] }), "join")).toBe(false);
    expect(can(part, meeting({ members: [] }), "join")).toBe(false);
  });

  it("a cancelled meeting can be looked at by its people but never joined or changed", () => {
    const cancelled = meeting({ cancelledAt: new Date() });
    // Recordings made before the cancellation stay reachable to the same people.
    const kept: MeetingAction[] = ["view", "viewRecordings", "deleteRecordings"];
    for (const [who, u] of [["owner", owner], ["mod", mod], ["part", part]] as const) {
      for (const action of ACTIONS) expect(can(u, cancelled, action), `${who} ${action}`).toBe(kept.includes(action) && TABLE[who]![action]);
    }
  });

  it("recording needs the permission, moderation and a meeting that allows it", () => {
    expect(can(owner, meeting({ recordingAllowed: false }), "record")).toBe(false);
    const ownerWithoutGrant = user("owner");
    expect(can(ownerWithoutGrant, meeting(), "record")).toBe(false);
    expect(can(part, meeting(), "record")).toBe(false);
  });

  it("site policy switching recording off removes it from every grant", () => {
    const policyOff = user("owner", ["employee", "admin"], ["media"], { recordingAllowed: false });
    expect(policyOff.permissions).not.toContain("RECORD");
    expect(policyOff.permissions).not.toContain("LIVESTREAM");
    expect(can(policyOff, meeting(), "record")).toBe(false);
  });

  it("MODERATE_ANY makes a participant a moderator, but lets nobody in", () => {
    const partAdmin = user("part", ["admin"]);
    expect(can(partAdmin, meeting(), "moderate")).toBe(true);
    expect(can(admin, meeting(), "moderate")).toBe(false);
    expect(can(admin, meeting(), "join")).toBe(false);
  });

  it("suspension answers no to everything, whatever else the user holds", () => {
    for (const u of [owner, mod, admin]) {
      const suspended = { ...u, suspended: true };
      for (const action of ACTIONS) expect(can(suspended, meeting(), action)).toBe(false);
      expect(canSchedule(suspended)).toBe(false);
    }
  });

  it("scheduling is a permission: granted to employees by default, not to users without a role", () => {
    expect(canSchedule(user("e"))).toBe(true);
    expect(canSchedule(user("n", []))).toBe(false);
    expect(canSchedule(user("g", [], ["media"]))).toBe(false);
  });

  it("grants follow roles and groups exactly", () => {
    expect(effectivePermissions({ roles: [], groups: ["media"] }, DEFAULT_GRANTS, { recordingAllowed: true })).toEqual(["RECORD"]);
    expect(effectivePermissions({ roles: ["media"], groups: [] }, DEFAULT_GRANTS, { recordingAllowed: true })).toEqual([]);
    expect(effectivePermissions({ roles: ["admin"], groups: [] }, DEFAULT_GRANTS, { recordingAllowed: true })).toEqual(["MODERATE_ANY", "RECORD", "LIVESTREAM", "SEE_ALL_MEETINGS"]);
  });

  it("conference rights follow the table; the meeting's own people bypass the lobby", () => {
    expect(conferenceRights(owner, meeting())).toEqual({ moderator: true, recording: true, livestreaming: false, lobbyBypass: true });
    expect(conferenceRights(mod, meeting({ recordingAllowed: false }))).toEqual({ moderator: true, recording: false, livestreaming: false, lobbyBypass: true });
    expect(conferenceRights(part, meeting())).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: true });
    expect(conferenceRights(stranger, meeting())).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: false });
    expect(conferenceRights(admin, meeting())).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: false });
  });
});
