// Known group names (issue 16): what shares and the permission matrix suggest and check against.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { knownGroups, knownName } from "@/lib/groups/known";

describe("a known name", () => {
  it("is found exactly, or ignoring case when only one spelling matches; nothing else", () => {
    expect(knownName("sales", ["sales", "engineering"])).toBe("sales");
    expect(knownName("SALES", ["sales", "engineering"])).toBe("sales");
    expect(knownName("Ops", ["ops", "OPS"])).toBeNull();
    expect(knownName("OPS", ["ops", "OPS"])).toBe("OPS");
    expect(knownName("sale", ["sales"])).toBeNull();
    expect(knownName("sal_s", ["sales"])).toBeNull();
  });
});

describe("known groups", () => {
  beforeAll(async () => {
    await applyMigrations(process.env.DATABASE_URL!);
  });

  it("are those seen on people, granted permissions and meetings are shared with", async () => {
    const tag = randomUUID().slice(0, 8);
    const u = await db.user.create({ data: { subject: `g-${tag}`, name: "G", groups: [`seen-${tag}`] } });
    await db.permissionGrant.create({ data: { permission: "RECORD", subjectType: "GROUP", subject: `granted-${tag}` } });
    const startsAt = new Date(Date.now() + 86_400_000);
    const m = await db.meeting.create({ data: { ownerId: u.id, title: "G", startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC" } });
    await db.meetingGroupShare.create({ data: { meetingId: m.id, group: `shared-${tag}`, role: "PARTICIPANT" } });
    try {
      expect(await knownGroups()).toEqual(expect.arrayContaining([`seen-${tag}`, `granted-${tag}`, `shared-${tag}`]));
    } finally {
      await db.permissionGrant.deleteMany({ where: { subject: `granted-${tag}` } });
    }
  });
});
