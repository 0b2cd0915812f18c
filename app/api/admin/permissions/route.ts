// GET|POST|DELETE /api/admin/permissions — the permission matrix (admins only)
import { grantPermission, knownSubjects, revokePermission } from "@/lib/admin/changes";
import { adminRoute } from "@/lib/admin/route";
import { readJsonBody } from "@/lib/http/request-guard";
import { grantInput } from "@/lib/validation/admin";

export const GET = adminRoute(() => knownSubjects());

export const POST = adminRoute(async (admin, req) => {
  const g = await readJsonBody(req, grantInput);
  return g instanceof Response ? g : grantPermission(admin, g);
});

export const DELETE = adminRoute(async (admin, req) => {
  const g = await readJsonBody(req, grantInput);
  return g instanceof Response ? g : revokePermission(admin, g);
});
