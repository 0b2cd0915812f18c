// GET /api/admin/audit?q=&action=&page= — the audit log, newest first (admins only)
import { adminRoute } from "@/lib/admin/route";
import { searchAudit } from "@/lib/audit";
import { pageQuery } from "@/lib/validation/admin";

export const GET = adminRoute((_admin, req) => {
  const q = pageQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return searchAudit({ text: q.q, action: q.action, page: q.page });
});
