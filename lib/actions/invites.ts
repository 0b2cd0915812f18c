"use server";
// Invite links (create, revoke) for people who may invite, and a guest's first step through a link.
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authorizeMeeting } from "@/lib/access/load-meeting";
import { requireUser } from "@/lib/auth/session";
import { has } from "@/lib/access/meetings";
import { audit } from "@/lib/audit";
import { type ActionResult, AppError, invalid, parseArgs, run, submitForm } from "@/lib/errors";
import { giveLinkPass } from "@/lib/invites/guest-pass";
import { db } from "@/lib/db";
import { once } from "@/lib/db/idempotency";
import { claimLinkUse, createInviteLink, inviteLinkPath, reissueInviteLink, resolveLink, revokeInviteLink } from "@/lib/invites/links";
import { formArg, idempotencyKey, previousResult } from "@/lib/validation/action-args";
import { INVALID_LINK, guestNameInput, linkId as linkIdSchema, linkInput, linkTokenArg } from "@/lib/validation/invite";
import { formDataToObject, meetingId as meetingIdSchema } from "@/lib/validation/meeting";

export async function createInviteLinkAction(meetingId: string, _prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const args = parseArgs(z.tuple([meetingIdSchema, previousResult, formArg]), [meetingId, _prev, form]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await submitForm(linkInput, form, async (input) => {
    const { meeting } = await authorizeMeeting(user, meetingId, "invite");
    if (!input.lobby && !has(user, "LINKS_WITHOUT_LOBBY")) {
      throw new AppError("You may only create links whose holders wait in the lobby. Tick the lobby option.", 403);
    }
    // The link and its audit entry, once per form: a replay shows the same link.
    const id = await once(user.id, "link.create", idempotencyKey.parse(form.get("idempotencyKey") ?? undefined), async (tx) => {
      const link = await createInviteLink(meeting, user, input, tx);
      await audit(user, "link.create", { meetingId: meeting.id, details: { linkId: link.id, role: input.role, lobby: input.lobby, maxUses: input.maxUses } }, tx);
      return link.id;
    });
    return inviteLinkPath(id);
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

export async function revokeInviteLinkAction(meetingId: string, linkId: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([meetingIdSchema, linkIdSchema]), [meetingId, linkId]);
  if (!args.ok) return args;
  const user = await requireUser();
  const result = await run(async () => {
    const { meeting } = await authorizeMeeting(user, meetingId, "invite");
    await db.$transaction(async (tx) => {
      await revokeInviteLink(meeting.id, linkId, tx);
      await audit(user, "link.revoke", { meetingId: meeting.id, details: { linkId } }, tx);
    });
  });
  if (result.ok) revalidatePath(`/meetings/${meetingId}`);
  return result;
}

/** The owner keeps a suspended person's link alive by vouching for it (a form action: no result shown). */
export async function reissueInviteLinkAction(meetingId: string, linkId: string, form: FormData): Promise<void> {
  // Bound to a plain <form>, so its (empty) form comes third.
  if (!parseArgs(z.tuple([meetingIdSchema, linkIdSchema, formArg]), [meetingId, linkId, form]).ok) return;
  const user = await requireUser();
  const { meeting, role } = await authorizeMeeting(user, meetingId, "invite");
  if (role !== "owner") return;
  await db.$transaction(async (tx) => {
    if (await reissueInviteLink(meeting.id, linkId, user, tx)) await audit(user, "link.reissue", { meetingId: meeting.id, details: { linkId } }, tx);
  });
  revalidatePath(`/meetings/${meetingId}`);
}

/** A guest gives a name; one use of the link is taken and a pass for this browser is set. */
export async function enterAsGuestAction(token: string, _prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const args = parseArgs(z.tuple([linkTokenArg, previousResult, formArg]), [token, _prev, form]);
  if (!args.ok) return args;
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
