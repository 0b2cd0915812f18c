// Erasure: a person with data in every table is erased, and afterwards a search of every table finds
// neither their name, nor their email, nor their Keycloak subject; what others need stays.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rmSync } from "node:fs";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { eraseUser, pseudonymOf } from "@/lib/privacy/erase";
import { fileExists, rowsMentioning, seedPerson, type Seeded } from "@/test/privacy-fixture";

const dir = vi.hoisted(() => (process.env.RECORDINGS_DIR = `${process.env.TMPDIR ?? "/tmp"}/privacy-erase-test-${process.pid}`));
const admin = { id: "6f1c1c2e-0000-4000-8000-000000000001", name: "Ada Admin" };
const traces = (s: Seeded) => rowsMentioning([s.person.name, s.person.email!, s.person.subject]);

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("erasure", () => {
  it("hands meetings to the chosen person and leaves no trace of the erased one", async () => {
    const s = await seedPerson();
    expect(new Set((await traces(s)).map((row) => row.split(":")[0]))).toEqual(new Set(["User", "Invitation", "OutboxMessage", "AuditEntry"]));

    const result = await eraseUser(admin, s.person.id, { meetings: "transfer", to: s.heir.id });

    expect(await traces(s)).toEqual([]);
    expect(result).toMatchObject({ person: pseudonymOf(s.person.id), meetings: 1, invitations: 1, mails: 2, auditEntries: 1, recordings: 0 });
    // The meeting, its recording, its guest's invitation and its links stay, now the heir's.
    expect(await db.meeting.findUnique({ where: { id: s.own.id }, select: { ownerId: true } })).toEqual({ ownerId: s.heir.id });
    expect(await fileExists(s.recording.storageKey)).toBe(true);
    expect(await db.invitation.count({ where: { meetingId: s.own.id, email: s.outsider } })).toBe(1);
    expect(await db.inviteLink.findUnique({ where: { id: s.links.ownLink.id }, select: { createdById: true } })).toEqual({ createdById: s.heir.id });
    // A link they made in someone else's meeting passes to its owner; their personal link goes with their invitation.
    expect(await db.inviteLink.findUnique({ where: { id: s.links.linkInTheirs.id }, select: { createdById: true } })).toEqual({ createdById: s.other.id });
    expect(await db.inviteLink.findUnique({ where: { id: s.links.personalLink.id } })).toBeNull();
  });

  it("keeps the audit log complete under one stable pseudonym, and audits the erasure", async () => {
    const s = await seedPerson();
    await eraseUser(admin, s.person.id, { meetings: "delete" });
    const pseudonym = pseudonymOf(s.person.id);
    expect(pseudonym).toMatch(/^erased-[0-9a-f]{16}$/);
    expect(pseudonymOf(s.person.id)).toBe(pseudonym);
    const theirs = await db.auditEntry.findMany({ where: { actorName: pseudonym } });
    expect(theirs.map((e) => [e.action, e.actorId])).toEqual([["member.add", null]]);
    const about = await db.auditEntry.findFirstOrThrow({ where: { actorId: s.other.id, action: "user.suspend" } });
    expect(about.details).toEqual({ userId: pseudonym });
    const erasure = await db.auditEntry.findFirstOrThrow({ where: { action: "user.erase", details: { path: ["person"], equals: pseudonym } } });
    expect(erasure.actorName).toBe("Ada Admin");
  });

  it("deletes their meetings when asked, recordings' files included", async () => {
    const s = await seedPerson();
    const result = await eraseUser(admin, s.person.id, { meetings: "delete" });
    expect(result).toMatchObject({ meetings: 1, recordings: 1 });
    expect(await db.meeting.findUnique({ where: { id: s.own.id } })).toBeNull();
    expect(await fileExists(s.recording.storageKey)).toBe(false);
    // The outside guest's address went with the meeting; the other meeting stays.
    expect(await rowsMentioning([s.outsider])).toEqual([]);
    expect(await db.meeting.count({ where: { id: s.theirs.id } })).toBe(1);
    expect(await traces(s)).toEqual([]);
  });

  it("refuses an unknown person, or handing meetings to nobody or to themselves", async () => {
    const s = await seedPerson();
    await expect(eraseUser(admin, crypto.randomUUID(), { meetings: "delete" })).rejects.toMatchObject({ status: 404 });
    await expect(eraseUser(admin, s.person.id, { meetings: "transfer", to: s.person.id })).rejects.toMatchObject({ status: 422 });
    await expect(eraseUser(admin, s.person.id, { meetings: "transfer", to: crypto.randomUUID() })).rejects.toMatchObject({ status: 422 });
    expect(await db.user.count({ where: { id: s.person.id } })).toBe(1);
  });
});
