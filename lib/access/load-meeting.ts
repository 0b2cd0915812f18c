// Loads a meeting together with the caller's right to it, in one query, and asks meetings.ts.
import "server-only";
import { type MeetingAction, type MeetingRole, type SessionUser, can, meetingRole } from "@/lib/access/meetings";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { meetingId as meetingIdSchema } from "@/lib/validation/meeting";

export const meetingSelect = {
  id: true,
  ownerId: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  durationMinutes: true,
  timeZone: true,
  lobby: true,
  e2ee: true,
  recordingAllowed: true,
  attendance: true,
  cancelledAt: true,
  rrule: true,
  reminderMinutes: true,
  version: true,
  owner: { select: { name: true } },
} as const;

export type LoadedMeeting = NonNullable<Awaited<ReturnType<typeof findForUser>>>;
export type MeetingGrant = { user: SessionUser; meeting: LoadedMeeting; role: MeetingRole };

export type Refusal = "invalid_id" | "not_found" | "forbidden" | "cancelled";

/** The meeting as the caller may see it, or why not. Never throws for ordinary refusals. */
export async function loadMeeting(user: SessionUser, rawId: string, action: MeetingAction): Promise<MeetingGrant | Refusal> {
  const id = meetingIdSchema.safeParse(rawId);
  if (!id.success) return "invalid_id";
  return decideMeeting(user, await findForUser(user, id.data), action);
}

/** The answer for a meeting row already loaded with the caller's membership and shares (null: none). */
export function decideMeeting(user: SessionUser, meeting: LoadedMeeting | null, action: MeetingAction): MeetingGrant | Refusal {
  if (!meeting) return "not_found";
  const role = meetingRole(user, meeting);
  if (can(user, meeting, action)) return { user, meeting, role };
  return meeting.cancelledAt && role !== "none" ? "cancelled" : "forbidden";
}

/** For server actions: the refusal becomes a message the form shows. */
export async function authorizeMeeting(user: SessionUser, rawId: string, action: MeetingAction): Promise<MeetingGrant> {
  const grant = await loadMeeting(user, rawId, action);
  if (grant === "invalid_id") throw new AppError("That is not a valid meeting link.", 400, "invalid_id");
  if (grant === "cancelled") throw new AppError("This meeting was cancelled.", 409, "cancelled");
  if (typeof grant === "string") throw new AppError("This meeting does not exist or you may not do that.", 404, "not_found");
  return grant;
}

function findForUser(user: SessionUser, id: string) {
  return db.meeting.findUnique({
    where: { id },
    // Only the caller's own membership and groups: enough to decide, and nothing about others leaks.
    select: {
      ...meetingSelect,
      members: { where: { userId: user.id }, select: { userId: true, role: true } },
      groupShares: { where: { group: { in: user.groups } }, select: { group: true, role: true } },
    },
  });
}
