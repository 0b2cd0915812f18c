import { describe, expect, it } from "vitest";
import { type MeetingAccess, type MeetingAction, type SessionUser, can, canSchedule, conferenceRights, meetingRole } from "@/lib/access/meetings";

const user = (id: string, roles: string[] = ["employee"]): SessionUser => ({ id, name: id, email: null, roles, groups: [] });
const owner = user("owner");
const mod = user("mod");
const part = user("part");
const stranger = user("stranger");
const admin = user("admin", ["admin", "employee"]);

const meeting = (over: Partial<MeetingAccess> = {}): MeetingAccess => ({
  ownerId: owner.id,
  cancelledAt: null,
  recordingAllowed: true,
  members: [
    { userId: mod.id, role: "MODERATOR" },
    { userId: part.id, role: "PARTICIPANT" },
  ],
  ...over,
});

const ACTIONS: MeetingAction[] = ["view", "join", "edit", "cancel", "manageMembers", "moderate", "invite", "record", "livestream", "viewRecordings", "deleteRecordings"];

// role × action → allowed, for a live meeting that allows recording.
const TABLE: Record<string, Record<MeetingAction, boolean>> = {
  owner: { view: true, join: true, edit: true, cancel: true, manageMembers: true, moderate: true, invite: true, record: true, livestream: false, viewRecordings: true, deleteRecordings: true },
  mod: { view: true, join: true, edit: false, cancel: false, manageMembers: false, moderate: true, invite: true, record: true, livestream: false, viewRecordings: true, deleteRecordings: false },
  part: { view: true, join: true, edit: false, cancel: false, manageMembers: false, moderate: false, invite: false, record: false, livestream: false, viewRecordings: false, deleteRecordings: false },
  stranger: { view: false, join: false, edit: false, cancel: false, manageMembers: false, moderate: false, invite: false, record: false, livestream: false, viewRecordings: false, deleteRecordings: false },
  admin: { view: false, join: false, edit: false, cancel: false, manageMembers: false, moderate: false, invite: false, record: false, livestream: false, viewRecordings: false, deleteRecordings: false },
};
const USERS: Record<string, SessionUser> = { owner, mod, part, stranger, admin };

describe("meeting access table", () => {
  for (const [who, row] of Object.entries(TABLE)) {
    for (const action of ACTIONS) {
      it(`${who} × ${action} → ${row[action]}`, () => {
        expect(can(USERS[who]!, meeting(), action)).toBe(row[action]);
      });
    }
  }

  it("names each role", () => {
    expect([owner, mod, part, stranger].map((u) => meetingRole(u, meeting()))).toEqual(["owner", "moderator", "participant", "none"]);
  });

  it("a cancelled meeting can be looked at by its people but never joined or changed", () => {
    const cancelled = meeting({ cancelledAt: new Date() });
    // Recordings made before the cancellation stay reachable to the same people.
    const kept: MeetingAction[] = ["view", "viewRecordings", "deleteRecordings"];
    for (const [who, u] of [["owner", owner], ["mod", mod], ["part", part]] as const) {
      for (const action of ACTIONS) expect(can(u, cancelled, action), `${who} ${action}`).toBe(kept.includes(action) && TABLE[who]![action]);
    }
  });

  it("recording needs both the right and a meeting that allows it", () => {
    const noRecording = meeting({ recordingAllowed: false });
    expect(can(owner, noRecording, "record")).toBe(false);
    expect(can(mod, noRecording, "record")).toBe(false);
  });

  it("only employees and admins schedule", () => {
    expect(canSchedule(user("e", ["employee"]))).toBe(true);
    expect(canSchedule(user("a", ["admin"]))).toBe(true);
    expect(canSchedule(user("n", []))).toBe(false);
    expect(canSchedule(user("x", ["offline_access"]))).toBe(false);
  });

  it("conference rights follow the table; the meeting's own people bypass the lobby, nobody else", () => {
    expect(conferenceRights(owner, meeting())).toEqual({ moderator: true, recording: true, livestreaming: false, lobbyBypass: true });
    expect(conferenceRights(mod, meeting({ recordingAllowed: false }))).toEqual({ moderator: true, recording: false, livestreaming: false, lobbyBypass: true });
    expect(conferenceRights(part, meeting())).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: true });
    expect(conferenceRights(stranger, meeting())).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: false });
  });
});
