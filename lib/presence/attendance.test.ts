// Attendance: kept only where the organiser switched it on and policy allows, for the policy's time;
// otherwise a connection is gone within the hour after it ended. The CSV names people by their
// portal name and guests by their link, and cannot smuggle a formula into a spreadsheet.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { attendanceCsv, purgeConferenceSessions } from "@/lib/presence/attendance";
import { exportPersonalData } from "@/lib/privacy/export";
import { eraseUser } from "@/lib/privacy/erase";
import { defaultSettings } from "@/lib/settings";

const MIN = 60_000;
const DAY = 86_400_000;
const now = new Date("2026-12-03T12:00:00Z");
const at = (msBefore: number) => new Date(now.getTime() - msBefore);

let owner: { id: string };
let person: { id: string; name: string };

async function meeting(attendance: boolean) {
  return db.meeting.create({
    data: { ownerId: owner.id, title: "M", startsAt: at(DAY), endsAt: at(DAY - 60 * MIN), durationMinutes: 60, timeZone: "Europe/Berlin", attendance },
  });
}
const connection = (meetingId: string, joinedAt: Date, leftAt: Date | null, who: { userId?: string; linkId?: string } = { userId: person.id }) =>
  db.conferenceSession.create({ data: { meetingId, occupant: `${randomUUID()}@meet.jitsi/x`, joinedAt, leftAt, ...who } });

beforeAll(async () => {
  await applyMigrations(process.env.DATABASE_URL!);
  owner = await db.user.create({ data: { subject: `o-${randomUUID()}`, name: "Olga Owner" } });
  person = await db.user.create({ data: { subject: `p-${randomUUID()}`, name: "Pat, \"the\" Person" } });
});

describe("attendance retention", () => {
  it("keeps a meeting's connections for the policy's days only where attendance is on; others for minutes", async () => {
    const kept = await meeting(true);
    const notKept = await meeting(false);
    const rows = {
      keptRecent: await connection(kept.id, at(3 * DAY), at(3 * DAY - 30 * MIN)),
      keptOld: await connection(kept.id, at(100 * DAY), at(100 * DAY - 30 * MIN)),
      presenceJustLeft: await connection(notKept.id, at(30 * MIN), at(5 * MIN)),
      presenceLeft: await connection(notKept.id, at(2 * 60 * MIN), at(60 * MIN)),
      stillIn: await connection(notKept.id, at(60 * MIN), null),
      ghost: await connection(notKept.id, at(3 * DAY), null),
    };
    await purgeConferenceSessions(now, { ...defaultSettings(), attendanceRetentionDays: 90 });
    const left = new Set((await db.conferenceSession.findMany({ where: { meetingId: { in: [kept.id, notKept.id] } } })).map((r) => r.id));
    expect(Object.entries(rows).filter(([, r]) => left.has(r.id)).map(([k]) => k)).toEqual(["keptRecent", "presenceJustLeft", "stillIn"]);
  });

  it("keeps none once site policy forbids attendance", async () => {
    const kept = await meeting(true);
    await connection(kept.id, at(3 * DAY), at(3 * DAY - 30 * MIN));
    await purgeConferenceSessions(now, { ...defaultSettings(), attendanceAllowed: false });
    expect(await db.conferenceSession.count({ where: { meetingId: kept.id } })).toBe(0);
  });
});

describe("attendance CSV", () => {
  it("lists people by name and guests by link, in the meeting's zone, quoted and formula-safe", async () => {
    const m = await meeting(true);
    const link = await db.inviteLink.create({
      data: { meetingId: m.id, tokenHash: randomUUID(), salt: "s", label: "=HYPERLINK(\"http://x\")", lobby: false, expiresAt: now, createdById: owner.id },
    });
    await connection(m.id, new Date("2026-12-01T09:00:00Z"), new Date("2026-12-01T09:45:20Z"));
    await connection(m.id, new Date("2026-12-01T09:05:00Z"), null, { linkId: link.id });
    const csv = await attendanceCsv(m, new Date("2026-12-01T10:05:00Z"));
    expect(csv.split("\r\n")).toEqual([
      "Person or link,Joined,Left,Minutes",
      '"Pat, ""the"" Person",2026-12-01T10:00:00+01:00,2026-12-01T10:45:20+01:00,45',
      '"Guest via =HYPERLINK(""http://x"")",2026-12-01T10:05:00+01:00,still in,60',
      "",
    ]);
  });
});

describe("a person's attendance", () => {
  it("is in their export and goes with their erasure", async () => {
    const m = await meeting(true);
    const someone = await db.user.create({ data: { subject: `s-${randomUUID()}`, name: "Sam" } });
    await connection(m.id, at(2 * DAY), at(2 * DAY - 10 * MIN), { userId: someone.id });
    const exported = await exportPersonalData(someone.id, now);
    expect(exported.conferenceAttendance).toEqual([{ meetingId: m.id, joinedAt: at(2 * DAY), leftAt: at(2 * DAY - 10 * MIN) }]);
    await eraseUser({ id: owner.id, name: "Olga Owner" }, someone.id, { meetings: "delete" });
    expect(await db.conferenceSession.count({ where: { meetingId: m.id } })).toBe(0);
  });
});
