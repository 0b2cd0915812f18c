// The choke point of the admin API: changes only from the portal's own pages, admins only (everyone
// else 403, nothing read or changed), the body parsed with its schema, errors as JSON.
import "server-only";
import { NextResponse } from "next/server";
import { adminOrNull } from "@/lib/access/admin";
import type { SessionUser } from "@/lib/access/meetings";
import { handleRoute, jsonError } from "@/lib/errors";
import { refuseCrossSite } from "@/lib/http/request-guard";
import { userId } from "@/lib/validation/meeting";

export function adminRoute(handler: (admin: SessionUser, req: Request) => Promise<unknown>) {
  return (req: Request) =>
    handleRoute(async () => {
      const refused = req.method === "GET" ? null : refuseCrossSite(req);
      if (refused) return refused;
      const admin = await adminOrNull();
      if (!admin) return jsonError(403, "forbidden", "Only administrators may do this.");
      const result = await handler(admin, req);
      return result instanceof Response ? result : NextResponse.json(result ?? { ok: true }, { headers: { "Cache-Control": "no-store" } });
    });
}

/** An admin route about one person (`/api/admin/users/:userId/…`): a malformed id is a 400 before anything else. */
export function adminUserRoute(handler: (admin: SessionUser, userId: string, req: Request) => Promise<unknown>) {
  return async (req: Request, ctx: { params: Promise<{ userId: string }> }) => {
    const id = userId.safeParse((await ctx.params).userId);
    return adminRoute(async (admin) => (id.success ? handler(admin, id.data, req) : jsonError(400, "invalid_id", "That is not a user id.")))(req);
  };
}
