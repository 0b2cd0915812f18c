// A person with data in every table the portal has, and the checks the privacy tests share: whether
// anything of them is left anywhere in the database. Used by lib/privacy/*.test.ts and lib/jobs/purge.test.ts.
import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { db } from "@/lib/db";
import { recordingStorage } from "@/lib/recordings/config";

const DAY_MS = 86_400_000;

export async function seedPerson(opts: { lastSeenAt?: Date } = {}) {
  const tag = randomUUID().slice(0, 8);
  const person = await db.user.create({
    data: { subject: `subject-${tag}-erasable`, name: `Quentin Erasable ${tag}`, email: `quentin.${tag}@example.org`, roles: ["employee"], groups: [`grp-${tag}`], timeZone: "Europe/Berlin", lastSeenAt: opts.lastSeenAt },
  });
  const other = await db.user.create({ data: { subject: `subject-${tag}-other`, name: `Olga Other ${tag}`, email: `olga.${tag}@example.org` } });
  const heir = await db.user.create({ data: { subject: `subject-${tag}-heir`, name: `Hanna Heir ${tag}`, email: `hanna.${tag}@example.org` } });
  const startsAt = new Date(Date.now() + 5 * DAY_MS);
  const meeting = (ownerId: string, title: string) =>
    db.meeting.create({ data: { ownerId, title, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), durationMinutes: 60, timeZone: "UTC", rrule: "FREQ=DAILY;COUNT=2" } });
  const own = await meeting(person.id, `Planning ${tag}`);
  const theirs = await meeting(other.id, `Review ${tag}`);
  const outsider = `guest.${tag}@example.net`;

  const link = (meetingId: string, createdById: string) =>
    db.inviteLink.create({ data: { meetingId, createdById, tokenHash: randomBytes(32).toString("hex"), salt: randomBytes(16).toString("hex"), label: "partners", lobby: true, expiresAt: new Date(startsAt.getTime() + DAY_MS) } });
  const ownLink = await link(own.id, person.id);
  const linkInTheirs = await link(theirs.id, person.id);
  const personalLink = await link(theirs.id, other.id);
  const toOutsider = await db.invitation.create({ data: { meetingId: own.id, email: outsider, name: "Gerd Guest", linkId: ownLink.id } });
  const toPerson = await db.invitation.create({ data: { meetingId: theirs.id, email: person.email!.toUpperCase(), name: person.name, linkId: personalLink.id } });
  // Mail as lib/mail composes it: the organiser's name and address inside, the recipient in `to`.
  const mail = (invitationId: string, meetingId: string, to: string, organiser: { name: string; email: string | null }) => ({
    invitationId, meetingId, kind: "invite", to, subject: "Invitation", text: `${organiser.name} invites you.`, html: `<p>${organiser.name}</p>`, ics: `ORGANIZER;CN=${organiser.name}:mailto:${organiser.email}`,
  });
  await db.outboxMessage.createMany({ data: [mail(toOutsider.id, own.id, outsider, person), mail(toPerson.id, theirs.id, `${person.name} <${person.email}>`, other)] });
  await db.meetingMember.createMany({ data: [{ meetingId: own.id, userId: other.id, role: "PARTICIPANT" }, { meetingId: theirs.id, userId: person.id, role: "MODERATOR" }] });
  await db.meetingGroupShare.create({ data: { meetingId: own.id, group: `grp-${tag}`, role: "PARTICIPANT" } });
  await db.meetingException.create({ data: { meetingId: own.id, occurrenceStart: startsAt, cancelledAt: new Date() } });
  await db.reminderSent.create({ data: { meetingId: own.id, occurrenceStart: startsAt } });
  await db.calendarFeed.create({ data: { userId: person.id, tokenHash: randomBytes(32).toString("hex") } });
  await db.permissionGrant.create({ data: { permission: "RECORD", subjectType: "GROUP", subject: `grp-${tag}` } });
  await db.rateLimit.create({ data: { key: `join:${randomBytes(16).toString("base64url")}`, windowStart: new Date(), count: 1 } });
  await db.siteSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  await db.auditEntry.createMany({
    data: [
      { actorId: person.id, actorName: person.name, action: "member.add", meetingId: own.id, details: { userId: other.id, role: "PARTICIPANT" } },
      { actorId: other.id, actorName: other.name, action: "user.suspend", details: { userId: person.id } },
    ],
  });
  const recording = await addRecording(own.id);
  return { tag, person, other, heir, own, theirs, outsider, recording, links: { ownLink, linkInTheirs, personalLink } };
}

export type Seeded = Awaited<ReturnType<typeof seedPerson>>;

/** A recording with its file; `times` as the purge should see them (default: made now, a day to live). */
export async function addRecording(meetingId: string, times: { createdAt?: Date; expiresAt?: Date } = {}) {
  const id = randomUUID();
  const storageKey = `privacy-test.${id}`;
  await recordingStorage().put(storageKey, Readable.from([randomBytes(64)]));
  await db.recording.create({
    data: { id, meetingId, storageKey, wrappedKey: "x", masterKeyId: "test", chunkSize: 65536, plainSize: 64n, cipherSize: 100n, sha256: randomBytes(32).toString("hex"), createdAt: times.createdAt, expiresAt: times.expiresAt ?? new Date(Date.now() + DAY_MS) },
  });
  return { id, storageKey };
}

/** Every row of every table, as text, that contains one of `needles` (case-insensitive): a database dump, searched. */
export async function rowsMentioning(needles: string[]): Promise<string[]> {
  const tables = await db.$queryRaw<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' and tablename <> '_prisma_migrations'`;
  const hits: string[] = [];
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`select t::text as row from "${name}" t where lower(t::text) like any($1::text[])`, needles.map((n) => `%${n.toLowerCase()}%`));
    hits.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return hits;
}

/** Whether the stored file of a recording is still there. */
export async function fileExists(storageKey: string) {
  return (await recordingStorage().list(storageKey)).length > 0;
}
