"use server";
// Invite links (create, revoke) for people who may invite, and a guest's first step through a link.
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { has } from "@/lib/access/meetings";
import { audit } from "@/lib/audit";
import { type ActionResult, AppError, invalid, run, submitForm } from "@/lib/errors";
import { guestCookieName, signGuestPass } from "@/lib/invites/guest-pass";
import { INVALID_LINK, claimLinkUse, createInviteLink, resolveLink, revokeInviteLink } from "@/lib/invites/links";
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
  const pass = await signGuestPass({ linkId: link.id, guestId: randomUUID(), name: parsed.data.name }, link.expiresAt);
  (await cookies()).set(guestCookieName(link.id), pass, {
    httpOnly: true,
    sameSite: "lax",
    secure: guestCookieName(link.id).startsWith("__Secure-"),
    path: "/",
    expires: link.expiresAt,
  });
  redirect(`/join/${token}`);
}
