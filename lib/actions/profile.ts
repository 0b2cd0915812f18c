"use server";
// What the portal learns about the signed-in person from their browser: their time zone, so that
// invitations and reminders show them their own time.
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { z } from "zod";
import { type ActionResult, parseArgs, run } from "@/lib/errors";
import { timeZone } from "@/lib/validation/meeting";

export async function rememberTimeZoneAction(zone: string): Promise<ActionResult> {
  const args = parseArgs(z.tuple([timeZone]), [zone]);
  if (!args.ok) return { ok: false, error: "Your browser reported an unknown time zone." };
  const [parsed] = args.data;
  const user = await requireUser();
  return run(async () => {
    if (parsed !== user.timeZone) await db.user.update({ where: { id: user.id }, data: { timeZone: parsed } });
  });
}
