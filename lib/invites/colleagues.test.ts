// Colleagues are members, not guests (issue 16): an invitation to an address of the organisation's
// mail domains sends no guest link, and becomes a membership when its person first signs in.
// Runs against the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/access/meetings";
import { identityFromClaims } from "@/lib/auth/claims";
import { inviteByEmail, listInvitees } from "@/lib/calendar/invitations";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { claimInvitations, isOrganisationAddress } from "@/lib/invites/colleagues";
import { composeMail } from "@/lib/mail/messages";
import { inviteesInput } from "@/lib/validation/calendar";

describe("addresses of the organisation", () => {
  it("match a domain exactly, ignoring case; subdomains and look-alikes are outside", () => {
    const domains = ["example.test"];
    expect(isOrganisationAddress("finn@Example.TEST", domains)).toBe(true);
    expect(isOrganisationAddress("finn@sub.example.test", domains)).toBe(false);
    expect(isOrganisationAddress("finn@example.test.evil", domains)).toBe(false);
    expect(isOrganisationAddress("finn@xexample.test", domains)).toBe(false);
  });

  it("an address the realm says is unverified is not kept", () => {
    expect(identityFromClaims({ sub: "s", email: "a@example.test", email_verified: false }).email).toBeNull();
    expect(identityFromClaims({ sub: "s", email: "a@example.test", email_verified: true }).email).toBe("a@example.test");
  });
});

describe("an invitation to a colleague who never signed in", () => {
  const tag = randomUUID().slice(0, 8);
  const domain = `org-${tag}.test`;
  let before: string[] = [];
  let owner: SessionUser;

  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
    before = (await db.siteSettings.findUnique({ where: { id: 1 } }))?.organisationDomains ?? [];
    await db.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, organisationDomains: [domain] }, update: { organisationDomains: [...before, domain] } });
    const u = await db.user.create({ data: { subject: `olga-${tag}`, name: "Olga", email: `olga@${domain}` } });
    // No CREATE_GUEST_LINKS: inviting a colleague must not need it.
    owner = { id: u.id, name: u.name, email: u.email, roles: ["employee"], groups: [], permissions: ["SCHEDULE"], suspended: false, timeZone: null };
  });
  afterAll(async () => {
    await db.siteSettings.update({ where: { id: 1 }, data: { organisationDomains: before } });
  });

  it("sends no guest link, says sign in to join, and is a membership from their first sign-in", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    const meeting = await db.meeting.create({ data: { ownerId: owner.id, title: "Planning", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC" } });
    await inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: `Finn <finn@${domain}>` }));
    expect(await db.inviteLink.count({ where: { meetingId: meeting.id } })).toBe(0);

    const [invitee] = await listInvitees(meeting.id);
    expect(invitee).toMatchObject({ colleague: true, joinUrl: `http://127.0.0.1:3000/meetings/${meeting.id}` });
    const mail = composeMail("invite", "Acme", { ...meeting, id: meeting.id, uid: "u", sequence: 0, description: "", exdates: [], moved: [], seriesText: null, organizer: { name: "Olga", email: owner.email! } }, invitee!);
    expect(mail.text).toContain(`Sign in to join: http://127.0.0.1:3000/meetings/${meeting.id}`);
    expect(mail.text).not.toContain("/join/");

    // Someone else whose address only looks alike (`_` is no wildcard) gets nothing.
    const other = await db.user.create({ data: { subject: `x-${tag}`, name: "Xinn", email: `_inn@${domain}` } });
    expect(await claimInvitations(other)).toEqual([]);
    // Their first sign-in: the address as the IdP spells it.
    const finn = await db.user.create({ data: { subject: `finn-${tag}`, name: "Finn", email: `Finn@${domain.toUpperCase()}` } });
    expect(await claimInvitations(finn)).toEqual([meeting.id]);
    expect(await db.meetingMember.findMany({ where: { meetingId: meeting.id }, select: { userId: true, role: true } })).toEqual([{ userId: finn.id, role: "PARTICIPANT" }]);
    // Again (the next sign-in, opening the mail's link): nothing more.
    expect(await claimInvitations(finn)).toEqual([]);
  });

  it("an outsider still needs the right to create guest links", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    const meeting = await db.meeting.create({ data: { ownerId: owner.id, title: "Outside", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC" } });
    await expect(inviteByEmail(meeting, owner, inviteesInput.parse({ invitees: `guest@partner-${tag}.test` }))).rejects.toThrow(/from outside/);
  });
});
