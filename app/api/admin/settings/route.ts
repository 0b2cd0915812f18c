// GET|PUT /api/admin/settings — site policy (admins only)
import { updateSettings } from "@/lib/admin/changes";
import { adminRoute } from "@/lib/admin/route";
import { readJsonBody } from "@/lib/http/request-guard";
import { getSettings } from "@/lib/settings";
import { settingsInput } from "@/lib/validation/admin";

export const GET = adminRoute(() => getSettings());

export const PUT = adminRoute(async (admin, req) => {
  const s = await readJsonBody(req, settingsInput);
  return s instanceof Response ? s : updateSettings(admin, s);
});
