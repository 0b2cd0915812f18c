// PUT /api/admin/users/:userId/suspension — suspend or reinstate a user, effective at once (admins only)
import { setSuspended } from "@/lib/admin/changes";
import { adminUserRoute } from "@/lib/admin/route";
import { readJsonBody } from "@/lib/http/request-guard";
import { suspensionInput } from "@/lib/validation/admin";

export const PUT = adminUserRoute(async (admin, userId, req) => {
  const body = await readJsonBody(req, suspensionInput);
  return body instanceof Response ? body : setSuspended(admin, userId, body.suspended);
});
