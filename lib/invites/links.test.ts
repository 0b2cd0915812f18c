// Links and their creator (issue 14): a suspended creator's links stop, come back with reinstatement,
// and live on when the owner re-issues them. Runs against the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { claimLinkUse, createInviteLink, reissueInviteLink, resolveLink } from "@/lib/invites/links";

const person = (name: string) => db.user.create({ data: { subject: randomUUID(), name, roles: [], groups: [] } });
const suspend = (id: string, on: boolean) => db.user.update({ where: { id }, data: { suspendedAt: on ? new Date() : null } });

describe("links and their creator", () => {
  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
  });

  it("die with the creator's suspension, come back with reinstatement, live on once the owner re-issues them", async () => {
    const [owner, moderator] = await Promise.all([person("Olga"), person("Mo")]);
    const startsAt = new Date(Date.now() + 3600_000);
    const meeting = await db.meeting.create({
      data: { ownerId: owner.id, title: "Links", startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), durationMinutes: 60, timeZone: "UTC" },
    });
    const { id, token } = await createInviteLink(meeting, moderator, { label: "", role: "GUEST", lobby: true, maxUses: 5, expiresAt: null });
    expect((await resolveLink(token))?.state).toBe("usable");

    await suspend(moderator.id, true);
    expect((await resolveLink(token))?.state).toBe("creator_suspended");
    expect(await claimLinkUse(id)).toBe(false);

    await suspend(moderator.id, false);
    expect((await resolveLink(token))?.state).toBe("usable");
    expect(await claimLinkUse(id)).toBe(true);

    await suspend(moderator.id, true);
    expect(await reissueInviteLink(meeting.id, id, owner)).toBe(true);
    expect((await resolveLink(token))?.state).toBe("usable");
    expect(await claimLinkUse(id)).toBe(true);
    // Only within its own meeting.
    expect(await reissueInviteLink(randomUUID(), id, owner)).toBe(false);
  });
});
