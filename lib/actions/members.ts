"use server";
// Owners add and remove the people of a meeting (moderators, participants).
import { revalidatePath } from "next/cache";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { canSchedule } from "@/lib/access/meetings";
import { requireUser } from "@/lib/auth/session";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";
import { sameText, containsText } from "@/lib/db/text-match";
import { type ActionResult, AppError, run, submitForm } from "@/lib/errors";
import { knownGroups, knownName } from "@/lib/groups/known";
import { groupShareInput, memberInput, peopleQuery, unknownGroupMessage, userId as userIdSchema } from "@/lib/validation/meeting";

export async function addMemberAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireUser();
  const result = await submitForm(memberInput, form, async ({ email, role }) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    const person = await db.user.findFirst({ where: { email: sameText(email) }, select: { id: true } });
    if (!person) throw new AppError("Nobody with that email has signed in to the portal yet. Ask them to sign in once.", 404);
    if (person.id === meeting.ownerId) throw new AppError("The organiser is already part of the meeting.", 409);
    await db.meetingMember.upsert({
      where: { meetingId_userId: { meetingId: meeting.id, userId: person.id } },
      create: { meetingId: meeting.id, userId: person.id, role },
      update: { role },
    });
    await audit(user, "member.add", { meetingId: meeting.id, details: { userId: person.id, role } });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function removeMemberAction(meetingId: string, memberId: string): Promise<ActionResult> {
  const user = await requireUser();
  const member = userIdSchema.safeParse(memberId);
  if (!member.success) return { ok: false, error: "That is not a member of this meeting." };
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    await db.meetingMember.deleteMany({ where: { meetingId: meeting.id, userId: member.data } });
    await audit(user, "member.remove", { meetingId: meeting.id, details: { userId: member.data } });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function addGroupShareAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireUser();
  const result = await submitForm(groupShareInput, form, async ({ group: typed, role, confirmUnknown }) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    // A known group in its known spelling; an unknown one only once the organiser confirms it.
    const known = knownName(typed, await knownGroups());
    if (!known && !confirmUnknown) throw new AppError(unknownGroupMessage(typed), 422, "unknown_group", "group");
    const group = known ?? typed;
    await db.meetingGroupShare.upsert({ where: { meetingId_group: { meetingId: meeting.id, group } }, create: { meetingId: meeting.id, group, role }, update: { role } });
    await audit(user, "share.add", { meetingId: meeting.id, details: { group, role } });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function removeGroupShareAction(meetingId: string, group: string): Promise<ActionResult> {
  const user = await requireUser();
  // Parsed before it reaches Prisma: an object here (`{ not: … }`, `{ in: […] }`) would be a filter
  // that removes every share of the meeting.
  const share = groupShareInput.shape.group.safeParse(group);
  if (!share.success) return { ok: false, error: "That group does not share this meeting." };
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    await db.meetingGroupShare.deleteMany({ where: { meetingId: meeting.id, group: share.data } });
    await audit(user, "share.remove", { meetingId: meeting.id, details: { group: share.data } });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** Known users (signed in at least once) by name or email, for the share form's suggestions. */
export async function searchPeopleAction(query: string): Promise<{ name: string; email: string }[]> {
  const user = await requireUser();
  const q = peopleQuery.safeParse(query);
  if (!q.success || !canSchedule(user)) return [];
  const rows = await db.user.findMany({
    where: { email: { not: null }, suspendedAt: null, OR: [{ name: containsText(q.data) }, { email: containsText(q.data) }] },
    orderBy: { name: "asc" },
    take: 8,
    select: { name: true, email: true },
  });
  return rows.map((r) => ({ name: r.name, email: r.email! }));
}
