// POST /api/admin/users/:userId/erasure — erase a person for good, their meetings deleted or handed over (admins only)
import { erasePerson } from "@/lib/admin/changes";
import { adminRoute, parseBody } from "@/lib/admin/route";
import { jsonError } from "@/lib/errors";
import { erasureInput } from "@/lib/validation/admin";
import { userId } from "@/lib/validation/meeting";

export async function POST(req: Request, ctx: RouteContext<"/api/admin/users/[userId]/erasure">) {
  const { userId: raw } = await ctx.params;
  return adminRoute(async (admin) => {
    const id = userId.safeParse(raw);
    if (!id.success) return jsonError(400, "invalid_id", "That is not a user id.");
    const body = await parseBody(req, erasureInput);
    return body instanceof Response ? body : { erased: await erasePerson(admin, id.data, body) };
  })(req);
}
