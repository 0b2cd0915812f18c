// POST /api/admin/purge — run the scheduled purge now (admins only)
import { adminRoute } from "@/lib/admin/route";
import { runPurge } from "@/lib/jobs/purge";

export const POST = adminRoute(async (admin) => ({ result: await runPurge(new Date(), admin) }));
