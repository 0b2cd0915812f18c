// POST /api/admin/users/:userId/erasure — erase a person for good, their meetings deleted or handed over (admins only)
import { erasePerson } from "@/lib/admin/changes";
import { adminUserRoute } from "@/lib/admin/route";
import { readJsonBody } from "@/lib/http/request-guard";
import { erasureInput } from "@/lib/validation/admin";

export const POST = adminUserRoute(async (admin, userId, req) => {
  const body = await readJsonBody(req, erasureInput);
  return body instanceof Response ? body : { erased: await erasePerson(admin, userId, body) };
});
