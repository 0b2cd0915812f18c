"use server";
// Owners add and remove the people of a meeting (moderators, participants).
import { revalidatePath } from "next/cache";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { type ActionResult, AppError, invalid, run } from "@/lib/errors";
import { formDataToObject, memberInput, userId as userIdSchema } from "@/lib/validation/meeting";

export async function addMemberAction(meetingId: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const user = await requireUser();
  const values = formDataToObject(form);
  const parsed = memberInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    const person = await db.user.findFirst({ where: { email: { equals: parsed.data.email, mode: "insensitive" } }, select: { id: true } });
    if (!person) throw new AppError("Nobody with that email has signed in to the portal yet. Ask them to sign in once.", 404);
    if (person.id === meeting.ownerId) throw new AppError("The organiser is already part of the meeting.", 409);
    await db.meetingMember.upsert({
      where: { meetingId_userId: { meetingId: meeting.id, userId: person.id } },
      create: { meetingId: meeting.id, userId: person.id, role: parsed.data.role },
      update: { role: parsed.data.role },
    });
  });
  if (!result.ok) return { ...result, values };
  revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function removeMemberAction(meetingId: string, memberId: string): Promise<ActionResult> {
  const user = await requireUser();
  const member = userIdSchema.safeParse(memberId);
  if (!member.success) return { ok: false, error: "That is not a member of this meeting." };
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "manageMembers");
    await db.meetingMember.deleteMany({ where: { meetingId: meeting.id, userId: member.data } });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}
