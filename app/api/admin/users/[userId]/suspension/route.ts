// PUT /api/admin/users/:userId/suspension — suspend or reinstate a user, effective at once (admins only)
import { setSuspended } from "@/lib/admin/changes";
import { adminRoute } from "@/lib/admin/route";
import { readJsonBody } from "@/lib/http/request-guard";
import { jsonError } from "@/lib/errors";
import { suspensionInput } from "@/lib/validation/admin";
import { userId } from "@/lib/validation/meeting";

export async function PUT(req: Request, ctx: RouteContext<"/api/admin/users/[userId]/suspension">) {
  const { userId: raw } = await ctx.params;
  return adminRoute(async (admin) => {
    const id = userId.safeParse(raw);
    if (!id.success) return jsonError(400, "invalid_id", "That is not a user id.");
    const body = await readJsonBody(req, suspensionInput);
    return body instanceof Response ? body : setSuspended(admin, id.data, body.suspended);
  })(req);
}
