// GET /api/admin/users?q=&page= — people who have signed in, their roles and groups (admins only)
import { listPeople } from "@/lib/admin/changes";
import { adminRoute } from "@/lib/admin/route";
import { pageQuery } from "@/lib/validation/admin";

export const GET = adminRoute((_admin, req) => listPeople(pageQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));
