// GET /api/me/export — everything the portal holds about the signed-in person, as one JSON download
import { getUserOrNull } from "@/lib/auth/session";
import { handleRoute, jsonError } from "@/lib/errors";
import { exportPersonalData } from "@/lib/privacy/export";

export const GET = () =>
  handleRoute(async () => {
    const user = await getUserOrNull();
    if (!user) return jsonError(401, "unauthenticated", "Sign in to download your data.");
    if (user.suspended) return jsonError(403, "suspended", "Your access is suspended; ask an administrator for your data.");
    const data = await exportPersonalData(user.id);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="my-portal-data-${data.exportedAt.slice(0, 10)}.json"`,
        // Personal data: no shared cache, no browser cache.
        "Cache-Control": "no-store",
      },
    });
  });
