import { describe, expect, it } from "vitest";
import { type LinkAccess, type SessionUser, conferenceRights, linkRights, linkState, strongerRights } from "@/lib/access/meetings";

const now = new Date("2030-01-01T12:00:00Z");
const link = (over: Partial<LinkAccess> = {}): LinkAccess => ({
  role: "GUEST",
  lobby: true,
  expiresAt: new Date("2030-01-02T00:00:00Z"),
  revokedAt: null,
  maxUses: null,
  uses: 0,
  createdBy: { suspendedAt: null },
  ...over,
});
const live = { cancelledAt: null };

describe("invite link states", () => {
  it.each([
    ["usable", link(), live, false, "usable"],
    ["revoked", link({ revokedAt: now }), live, false, "revoked"],
    ["expired at the instant", link({ expiresAt: now }), live, false, "expired"],
    ["meeting cancelled", link(), { cancelledAt: now }, false, "cancelled"],
    ["used up, for a newcomer", link({ maxUses: 2, uses: 2 }), live, true, "used_up"],
    ["used up, for someone already let in", link({ maxUses: 2, uses: 2 }), live, false, "usable"],
    ["one use left", link({ maxUses: 2, uses: 1 }), live, true, "usable"],
    // Issue 14: links outlived their creator's suspension.
    ["creator suspended", link({ createdBy: { suspendedAt: now } }), live, false, "creator_suspended"],
    ["creator reinstated", link({ createdBy: { suspendedAt: null } }), live, true, "usable"],
    ["revocation wins over everything", link({ revokedAt: now, expiresAt: now, maxUses: 1, uses: 1 }), { cancelledAt: now }, true, "revoked"],
  ] as const)("%s", (_name, l, meeting, joining, expected) => {
    expect(linkState(l, meeting, now, joining)).toBe(expected);
  });
});

describe("link rights", () => {
  it("a link holder never moderates or records; the link decides the lobby", () => {
    expect(linkRights({ lobby: true }, { lobby: false })).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: false });
    expect(linkRights({ lobby: false }, { lobby: false })).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: true });
    // The meeting's lobby holds the holders of a link without one too.
    expect(linkRights({ lobby: false }, { lobby: true }).lobbyBypass).toBe(false);
  });

  it("a signed-in person gets the higher of their own rights and the link's", () => {
    const owner: SessionUser = { id: "o", name: "O", email: null, roles: ["employee"], groups: [], permissions: ["RECORD"], suspended: false, timeZone: null };
    const stranger: SessionUser = { ...owner, id: "s" };
    const meeting = { ownerId: "o", cancelledAt: null, recordingAllowed: true, members: [] };
    expect(strongerRights(conferenceRights(owner, meeting), linkRights({ lobby: true }, { lobby: false }))).toEqual({ moderator: true, recording: true, livestreaming: false, lobbyBypass: true });
    expect(strongerRights(conferenceRights(stranger, meeting), linkRights({ lobby: true }, { lobby: false }))).toEqual({ moderator: false, recording: false, livestreaming: false, lobbyBypass: false });
    expect(strongerRights(conferenceRights(stranger, meeting), linkRights({ lobby: false }, { lobby: false })).lobbyBypass).toBe(true);
  });
});
