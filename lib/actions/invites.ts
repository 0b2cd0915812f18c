"use server";
// Invite links (create, revoke) for people who may invite, and a guest's first step through a link.
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { has } from "@/lib/access/meetings";
import { audit } from "@/lib/audit";
import { type ActionResult, AppError, invalid, run, submitForm } from "@/lib/errors";
import { giveLinkPass } from "@/lib/invites/guest-pass";
import { INVALID_LINK, claimLinkUse, createInviteLink, reissueInviteLink, resolveLink, revokeInviteLink } from "@/lib/invites/links";
import { guestNameInput, linkInput } from "@/lib/validation/invite";
import { formDataToObject, userId as uuid } from "@/lib/validation/meeting";

export async function createInviteLinkAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const user = await requireUser();
  const result = await submitForm(linkInput, form, async (input) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "invite");
    if (!input.lobby && !has(user, "LINKS_WITHOUT_LOBBY")) {
      throw new AppError("You may only create links whose holders wait in the lobby. Tick the lobby option.", 403);
    }
    const { id, token } = await createInviteLink(meeting, user, input);
    await audit(user, "link.create", { meetingId: meeting.id, details: { linkId: id, role: input.role, lobby: input.lobby, maxUses: input.maxUses } });
    return `/join/${token}`;
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function revokeInviteLinkAction(meetingId: string, linkId: string): Promise<ActionResult> {
  const user = await requireUser();
  if (!uuid.safeParse(linkId).success) return { ok: false, error: "That link does not exist." };
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "invite");
    await revokeInviteLink(meeting.id, linkId);
    await audit(user, "link.revoke", { meetingId: meeting.id, details: { linkId } });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** The owner keeps a suspended person's link alive by vouching for it (a form action: no result shown). */
export async function reissueInviteLinkAction(meetingId: string, linkId: string): Promise<void> {
  const user = await requireUser();
  if (!uuid.safeParse(linkId).success) return;
  const { meeting, role } = await authorizeMeeting(user, meetingId, "invite");
  if (role !== "owner") return;
  if (await reissueInviteLink(meeting.id, linkId, user)) await audit(user, "link.reissue", { meetingId: meeting.id, details: { linkId } });
  revalidatePath(`/meetings/${meetingId}`);
}

/** A guest gives a name; one use of the link is taken and a pass for this browser is set. */
export async function enterAsGuestAction(token: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const values = formDataToObject(form);
  const parsed = guestNameInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const resolved = await resolveLink(token);
  if (!resolved || resolved.state !== "usable" || !(await claimLinkUse(resolved.link.id))) {
    return { ok: false, error: INVALID_LINK, values };
  }
  const { link } = resolved;
  await giveLinkPass(link, { guestId: randomUUID(), name: parsed.data.name });
  redirect(`/join/${token}`);
}
