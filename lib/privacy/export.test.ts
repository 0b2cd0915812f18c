// The export: everything about the person, nothing of anyone else (others are counted, not listed).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyMigrations } from "@/lib/db/migrations";
import { exportPersonalData } from "@/lib/privacy/export";
import { seedPerson } from "@/test/privacy-fixture";

const dir = vi.hoisted(() => (process.env.RECORDINGS_DIR = `${process.env.TMPDIR ?? "/tmp"}/privacy-export-test-${process.pid}`));

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("personal data export", () => {
  it("holds the person's profile, meetings, invitations, links, feeds, audit entries, recordings and mail", async () => {
    const s = await seedPerson();
    const data = await exportPersonalData(s.person.id);
    const text = JSON.stringify(data);

    expect(data.profile).toMatchObject({ id: s.person.id, subject: s.person.subject, name: s.person.name, email: s.person.email, roles: ["employee"], groups: [`grp-${s.tag}`], timeZone: "Europe/Berlin" });
    expect(data.meetingsOrganised.map((m) => m.id)).toEqual([s.own.id]);
    expect(data.meetingsOrganised[0]).toMatchObject({ title: `Planning ${s.tag}`, counts: { members: 1, invitations: 1, inviteLinks: 1 }, recordings: [{ id: s.recording.id, bytes: 64 }] });
    expect(data.meetingsJoined).toEqual([expect.objectContaining({ role: "MODERATOR", meeting: expect.objectContaining({ id: s.theirs.id }) })]);
    expect(data.invitationsSent).toEqual([{ meetingId: s.own.id, invitations: 1 }]);
    expect(data.invitationsReceived).toEqual([expect.objectContaining({ meetingId: s.theirs.id })]);
    expect(data.linksCreated.map((l) => l.id).sort()).toEqual([s.links.ownLink.id, s.links.linkInTheirs.id].sort());
    expect(data.calendarFeeds).toHaveLength(1);
    expect(data.auditEntries).toEqual([expect.objectContaining({ action: "member.add", details: { userId: "another person", role: "PARTICIPANT" } })]);
    expect(data.mailToYou).toEqual([expect.objectContaining({ kind: "invite", status: "PENDING" })]);

    // Nobody else: not the outside guest's address, not the colleague's name, id or address, no secrets.
    for (const foreign of [s.outsider, "Gerd Guest", s.other.name, s.other.id, s.other.email!, s.other.subject]) expect(text).not.toContain(foreign);
    expect(text).not.toMatch(/tokenHash|salt|wrappedKey|storageKey|roomHash/);
  });
});
