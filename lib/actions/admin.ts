"use server";
// Running the purge at once from the admin area: a plain form (works without JavaScript), after a
// confirmation step; the page then shows what the run removed.
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/access/admin";
import { runPurge } from "@/lib/jobs/purge";

export async function runPurgeAction() {
  const admin = await requireAdmin();
  const result = await runPurge(new Date(), admin);
  redirect(`/admin/policy?purge=${result === "busy" ? "busy" : "done"}#purge`);
}
