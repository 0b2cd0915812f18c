// What an admin reads in the audit log: sentences with names and titles, never codes and ids.
import { describe, expect, it } from "vitest";
import { describeAuditEntry, purgeCounts } from "@/lib/admin/audit-text";

const ada = "11111111-1111-4111-8111-111111111111";
const emil = "22222222-2222-4222-8222-222222222222";
const standup = "33333333-3333-4333-8333-333333333333";
const names = { people: new Map([[ada, "Ada Admin"], [emil, "Emil Employee"]]), meetings: new Map([[standup, "Stand-up"]]) };
const entry = (action: string, details: object, more: { actorId?: string | null; actorName?: string; meetingId?: string | null } = {}) =>
  describeAuditEntry({ actorId: ada, actorName: "Ada (then)", meetingId: null, ...more, action, details }, names);

describe("describeAuditEntry", () => {
  it.each([
    [entry("permission.grant", { permission: "SCHEDULE", subjectType: "GROUP", subject: "/staff" }), "Ada Admin granted Schedule meetings to group /staff"],
    [entry("permission.revoke", { permission: "RECORD", subjectType: "ROLE", subject: "employee" }), "Ada Admin took Record away from role employee"],
    [entry("user.suspend", { userId: emil }), "Ada Admin suspended Emil Employee"],
    [entry("member.add", { userId: emil, role: "MODERATOR" }, { meetingId: standup }), "Ada Admin added Emil Employee to “Stand-up” as moderator"],
    [entry("share.add", { group: "staff", role: "PARTICIPANT" }, { meetingId: standup }), "Ada Admin shared “Stand-up” with group staff as participant"],
    [entry("link.create", { role: "GUEST", lobby: true, maxUses: 1 }, { meetingId: standup }), "Ada Admin created an invite link for guests to “Stand-up” (holders wait in the lobby, up to 1 use)"],
    [entry("invitation.send", { colleagues: 1, guests: 2 }, { meetingId: standup }), "Ada Admin invited 1 colleague and 2 guests to “Stand-up” by email"],
    [entry("invitation.send", { colleagues: 0, guests: 2 }, { meetingId: standup }), "Ada Admin invited 2 guests to “Stand-up” by email"],
    [entry("token.issue", { via: "meeting", moderator: true, recording: false }, { meetingId: standup }), "Ada Admin joined “Stand-up” (as moderator)"],
    [entry("token.issue", { via: "link", as: "guest", moderator: false }, { actorId: null, actorName: "system", meetingId: standup }), "A guest joined “Stand-up” through an invite link"],
    [entry("member.remove", { userId: emil }, { meetingId: "44444444-4444-4444-8444-444444444444" }), "Ada Admin removed Emil Employee from a meeting since deleted"],
    [entry("purge.run", { meetings: 2, auditEntries: 1, rateLimits: 0, recordings: 0, people: 0 }, { actorId: null, actorName: "system" }), "The scheduled purge ran: removed 2 meetings, 1 audit entry"],
    [entry("purge.run", { meetings: 0, auditEntries: 0, rateLimits: 3, recordings: 0, people: 0 }), "Ada Admin ran the purge: removed 3 rate-limit counters"],
  ])("%s", (text, expected) => {
    expect(text).toBe(expected);
  });

  it("names a renamed actor by today's name, an erased one by the pseudonym the entry keeps", () => {
    expect(entry("user.unsuspend", { userId: emil })).toBe("Ada Admin reinstated Emil Employee");
    expect(entry("user.unsuspend", { userId: emil }, { actorId: null, actorName: "erased person 7f3a" })).toBe("erased person 7f3a reinstated Emil Employee");
  });

  it("says when a purge had nothing to do", () => {
    expect(purgeCounts({ meetings: 0, auditEntries: 0, rateLimits: 0, recordings: 0, people: 0 })).toBe("nothing (nothing was due)");
  });
});
