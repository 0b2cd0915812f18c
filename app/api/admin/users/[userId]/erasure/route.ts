// POST /api/admin/users/:userId/erasure — erase a person for good, their meetings deleted or handed over (admins only)
import { erasePerson } from "@/lib/admin/changes";
import { adminUserRoute, parseBody } from "@/lib/admin/route";
import { erasureInput } from "@/lib/validation/admin";

export const POST = adminUserRoute(async (admin, userId, req) => {
  const body = await parseBody(req, erasureInput);
  return body instanceof Response ? body : { erased: await erasePerson(admin, userId, body) };
});
