"use server";
// Owners add and remove the people of a meeting (moderators, participants).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { canSchedule } from "@/lib/access/meetings";
import { requireUser } from "@/lib/auth/session";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { sameText, containsText } from "@/lib/db/text-match";
import { once } from "@/lib/db/idempotency";
import { type ActionResult, AppError, parseArgs, run, submitForm } from "@/lib/errors";
import { knownGroups, knownName } from "@/lib/groups/known";
import { formArg, idempotencyKey, previousResult } from "@/lib/validation/action-args";
import { groupShareInput, meetingId as meetingIdSchema, memberInput, peopleQuery, unknownGroupMessage, userId as userIdSchema } from "@/lib/validation/meeting";

const formArgs = z.tuple([meetingIdSchema, previousResult, formArg]);

export async function addMemberAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const args = parseArgs(formArgs, [meetingId, _prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await submitForm(memberInput, form, async ({ email, role }) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    const person = await db.user.findFirst({ where: { email: sameText(email) }, select: { id: true } });
    if (!person) throw new AppError("Nobody with that email has signed in to the portal yet. Ask them to sign in once.", 404);
    if (person.id === meeting.ownerId) throw new AppError("The organiser is already part of the meeting.", 409);
    await once(user.id, "member.add", idempotencyKey.parse(form.get("idempotencyKey") ?? undefined), async (tx) => {
      // Prisma runs this upsert as one INSERT … ON CONFLICT DO UPDATE: two identical adds at once leave one row, no error.
      const where = { meetingId: meeting.id, userId: person.id };
      await tx.meetingMember.upsert({ where: { meetingId_userId: where }, create: { ...where, role }, update: { role } });
      await audit(user, "member.add", { meetingId: meeting.id, details: { userId: person.id, role } }, tx);
      return "";
    });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function removeMemberAction(meetingId: string, memberId: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([meetingIdSchema, userIdSchema]), [meetingId, memberId]);
  if (!args.ok) return args;
  const member = args.data[1];
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    await db.$transaction(async (tx) => {
      await tx.meetingMember.deleteMany({ where: { meetingId: meeting.id, userId: member } });
      await audit(user, "member.remove", { meetingId: meeting.id, details: { userId: member } }, tx);
    });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function addGroupShareAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const args = parseArgs(formArgs, [meetingId, _prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await submitForm(groupShareInput, form, async ({ group: typed, role, confirmUnknown }) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    // A known group in its known spelling; an unknown one only once the organiser confirms it.
    const known = knownName(typed, await knownGroups());
    if (!known && !confirmUnknown) throw new AppError(unknownGroupMessage(typed), 422, "unknown_group", "group");
    const group = known ?? typed;
    await once(user.id, "share.add", idempotencyKey.parse(form.get("idempotencyKey") ?? undefined), async (tx) => {
      const where = { meetingId: meeting.id, group };
      await tx.meetingGroupShare.upsert({ where: { meetingId_group: where }, create: { ...where, role }, update: { role } });
      await audit(user, "share.add", { meetingId: meeting.id, details: { group, role } }, tx);
      return "";
    });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function removeGroupShareAction(meetingId: string, group: string): Promise<ActionResult> {
  // Parsed before it reaches Prisma: an object here (`{ not: … }`, `{ in: […] }`) would be a filter
  // that removes every share of the meeting.
  const args = parseArgs(z.tuple([meetingIdSchema, groupShareInput.shape.group]), [meetingId, group]);
  if (!args.ok) return { ok: false, error: "That group does not share this meeting." };
  const share = args.data[1];
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    await db.$transaction(async (tx) => {
      await tx.meetingGroupShare.deleteMany({ where: { meetingId: meeting.id, group: share } });
      await audit(user, "share.remove", { meetingId: meeting.id, details: { group: share } }, tx);
    });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Known users (signed in at least once) by name or email, for the share form's suggestions. */
export async function searchPeopleAction(query: string): Promise<{ name: string; email: string }[]> {
  const q = parseArgs(z.tuple([peopleQuery]), [query]);
  if (!q.ok) return [];
  const user = await requireUser();
  if (!canSchedule(user)) return [];
  const rows = await db.user.findMany({
    where: { email: { not: null }, suspendedAt: null, OR: [{ name: containsText(q.data[0]) }, { email: containsText(q.data[0]) }] },
    orderBy: { name: "asc" },
    take: 8,
    select: { name: true, email: true },
  });
  return rows.map((r) => ({ name: r.name, email: r.email! }));
}
