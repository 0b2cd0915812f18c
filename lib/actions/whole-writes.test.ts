// Double submits and whole writes, against the real Postgres (issue 21): a replayed creating form
// creates nothing, identical grants, shares, members and invitations at once leave one row and one
// mail without an error, and a cancellation revokes links, queues its mails and is audited, all at once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { PERMISSIONS } from "@/lib/access/permissions";
import { grantPermission } from "@/lib/admin/changes";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { createInviteLink } from "@/lib/invites/links";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ requireUser: async () => session.user, getUserOrNull: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createMeetingAction, cancelMeetingAction } = await import("@/lib/actions/meetings");
const { addGroupShareAction, addMemberAction } = await import("@/lib/actions/members");
const { inviteByEmailAction } = await import("@/lib/actions/calendar");
const { createInviteLinkAction } = await import("@/lib/actions/invites");

const PARALLEL = 6;
let owner: SessionUser;
let colleague: { id: string; email: string };

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL!);
  const tag = randomUUID().slice(0, 8);
  const row = await db.user.create({ data: { subject: `whole-owner-${tag}`, name: "Olga Owner", email: `olga-${tag}@example.test`, roles: ["employee"] } });
  owner = { id: row.id, name: row.name, email: row.email, roles: row.roles, groups: [], permissions: [...PERMISSIONS], suspended: false, timeZone: null };
  const c = await db.user.create({ data: { subject: `whole-colleague-${tag}`, name: "Carl Colleague", email: `carl-${tag}@example.test` } });
  colleague = { id: c.id, email: c.email! };
  session.user = owner;
});
afterAll(() => db.$disconnect());

describe("double submits", () => {
  it("two identical schedule posts with one form key make one meeting and one invitation mail", async () => {
    const key = randomUUID();
    const guest = `double-${key.slice(0, 8)}@example.net`;
    const post = () => createMeetingAction(null, form({ title: `Double ${key}`, start: "2099-02-01T10:00", timeZone: "UTC", durationMinutes: "30", invitees: guest, idempotencyKey: key })).catch((e: Error) => e.message);
    const first = post();
    await sleep(20);
    const answers = await Promise.all([first, post()]);
    const meetings = await db.meeting.findMany({ where: { title: `Double ${key}` }, select: { id: true } });
    expect(meetings).toHaveLength(1);
    // Both answer with the redirect to the same meeting.
    expect(answers).toEqual(["NEXT_REDIRECT", "NEXT_REDIRECT"]);
    expect(await db.outboxMessage.count({ where: { to: { contains: guest } } })).toBe(1);
    expect(await db.auditEntry.count({ where: { meetingId: meetings[0]!.id, action: "meeting.create" } })).toBe(1);
    // A new form (a new key) is a new meeting.
    await createMeetingAction(null, form({ title: `Double ${key}`, start: "2099-02-01T10:00", timeZone: "UTC", durationMinutes: "30", idempotencyKey: randomUUID() })).catch(() => undefined);
    expect(await db.meeting.count({ where: { title: `Double ${key}` } })).toBe(2);
  });

  it("a replayed link form shows the same link and creates none", async () => {
    const meeting = await newMeeting();
    const f = form({ label: "partners", role: "GUEST", lobby: "on", idempotencyKey: randomUUID() });
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => createInviteLinkAction(meeting.id, null, f)));
    expect(new Set(answers.map((a) => (a.ok ? a.data : a.error))).size).toBe(1);
    expect(answers[0]).toMatchObject({ ok: true, data: expect.stringMatching(/^\/join\//) });
    expect(await db.inviteLink.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect(await db.auditEntry.count({ where: { meetingId: meeting.id, action: "link.create" } })).toBe(1);
  });

  it("identical invitations at once: one invitation, one link, one mail, no error", async () => {
    const meeting = await newMeeting();
    const guest = `parallel-${randomUUID().slice(0, 8)}@example.net`;
    // Different form keys: as from two tabs, so only the database can keep them apart.
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => inviteByEmailAction(meeting.id, null, form({ invitees: guest, idempotencyKey: randomUUID() }))));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(await db.invitation.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect(await db.inviteLink.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { meetingId: meeting.id } })).toBe(1);
    expect(await db.auditEntry.count({ where: { meetingId: meeting.id, action: "invitation.send" } })).toBe(1);
  });

  it("identical members and group shares at once: one row each, no error", async () => {
    const meeting = await newMeeting();
    const members = await Promise.all(Array.from({ length: PARALLEL }, () => addMemberAction(meeting.id, null, form({ email: colleague.email, role: "MODERATOR", idempotencyKey: randomUUID() }))));
    const shares = await Promise.all(Array.from({ length: PARALLEL }, () => addGroupShareAction(meeting.id, null, form({ group: "sales", role: "PARTICIPANT", confirmUnknown: "on", idempotencyKey: randomUUID() }))));
    expect([...members, ...shares].filter((a) => !a.ok)).toEqual([]);
    expect(await db.meetingMember.findMany({ where: { meetingId: meeting.id }, select: { userId: true, role: true } })).toEqual([{ userId: colleague.id, role: "MODERATOR" }]);
    expect(await db.meetingGroupShare.count({ where: { meetingId: meeting.id } })).toBe(1);
  });

  it("identical admin grants at once: one row, one audit entry, no error", async () => {
    const grant = { permission: "RECORD" as const, subjectType: "GROUP" as const, subject: `grp-${randomUUID().slice(0, 8)}` };
    const results = await Promise.allSettled(Array.from({ length: PARALLEL }, () => grantPermission(owner, grant)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await db.permissionGrant.count({ where: grant })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "permission.grant", details: { path: ["subject"], equals: grant.subject } } })).toBe(1);
  });
});

describe("cancelling", () => {
  it("revokes every link, queues the cancellations and is audited; again, it is done and sends nothing", async () => {
    const meeting = await newMeeting();
    await inviteByEmailAction(meeting.id, null, form({ invitees: `cancel-${randomUUID().slice(0, 8)}@example.net` }));
    await createInviteLink(meeting, owner, { label: "partners", role: "GUEST", lobby: true, maxUses: null, expiresAt: null });
    expect(await cancelMeetingAction(meeting.id)).toEqual({ ok: true, data: undefined });
    expect(await db.inviteLink.count({ where: { meetingId: meeting.id, revokedAt: null } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { meetingId: meeting.id, kind: "cancel" } })).toBe(1);
    expect(await db.auditEntry.count({ where: { meetingId: meeting.id, action: "meeting.cancel" } })).toBe(1);
    expect(await cancelMeetingAction(meeting.id)).toEqual({ ok: true, data: undefined });
    expect(await db.outboxMessage.count({ where: { meetingId: meeting.id, kind: "cancel" } })).toBe(1);
    expect(await db.auditEntry.count({ where: { meetingId: meeting.id, action: "meeting.cancel" } })).toBe(1);
  });
});

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

function newMeeting() {
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  return db.meeting.create({ data: { ownerId: owner.id, title: "Whole writes", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC" } });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
