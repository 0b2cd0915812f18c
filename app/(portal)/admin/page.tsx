import { requireAdmin } from "@/lib/access/admin";
import { knownSubjects } from "@/lib/admin/changes";
import { PermissionMatrix } from "./permission-matrix";

export const metadata = { title: "Permissions" };

export default async function PermissionsPage() {
  await requireAdmin();
  const { grants, roles, groups, suggestedGroups } = await knownSubjects();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Permissions</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Who may do what, by Keycloak realm role and group. Changes apply to the next request of everyone concerned.
      </p>
      <PermissionMatrix grants={grants} roles={roles} groups={groups} suggestedGroups={suggestedGroups} />
    </div>
  );
}
