// The choke point of the admin API: admins only (everyone else 403, nothing read or changed),
// the body parsed with its schema, errors as JSON.
import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { adminOrNull } from "@/lib/access/admin";
import type { SessionUser } from "@/lib/access/meetings";
import { handleRoute, jsonError } from "@/lib/errors";
import { userId } from "@/lib/validation/meeting";

export function adminRoute(handler: (admin: SessionUser, req: Request) => Promise<unknown>) {
  return (req: Request) =>
    handleRoute(async () => {
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

/** A JSON body parsed with `schema`, or a 400/422 response describing what is wrong. */
export async function parseBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T> | Response> {
  const body = await req.json().catch(() => undefined);
  if (body === undefined) return jsonError(400, "bad_json", "Send a JSON body.");
  const parsed = schema.safeParse(body);
  if (!parsed.success) return jsonError(422, "invalid", parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
}
