"use server";
// What the portal learns about the signed-in person from their browser: their time zone, so that
// invitations and reminders show them their own time.
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { type ActionResult, AppError, run } from "@/lib/errors";
import { timeZone } from "@/lib/validation/meeting";

export async function rememberTimeZoneAction(zone: string): Promise<ActionResult> {
  const user = await requireUser();
  return run(async () => {
    const parsed = timeZone.safeParse(zone);
    if (!parsed.success) throw new AppError("Your browser reported an unknown time zone.", 422);
    if (parsed.data !== user.timeZone) await db.user.update({ where: { id: user.id }, data: { timeZone: parsed.data } });
  });
}
