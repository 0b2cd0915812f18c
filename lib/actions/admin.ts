"use server";
// Running the purge at once from the admin area: a plain form (works without JavaScript), after a
// confirmation step; the page then shows what the run removed.
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminOrNull } from "@/lib/access/admin";
import { parseArgs } from "@/lib/errors";
import { runPurge } from "@/lib/jobs/purge";
import { formArg } from "@/lib/validation/action-args";

export async function runPurgeAction(form: FormData) {
  // Anyone else, or anything but the confirmation form, changes nothing (the page itself is admins').
  if (!parseArgs(z.tuple([formArg]), [form]).ok) return;
  const admin = await adminOrNull();
  if (!admin) return;
  const result = await runPurge(new Date(), admin);
  redirect(`/admin/policy?purge=${result === "busy" ? "busy" : "done"}#purge`);
}
