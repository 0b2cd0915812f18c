// Portal-wide permissions: granted to Keycloak realm roles and groups in the admin area, narrowed by
// site policy. Pure; the session loader feeds it the grants and settings of each request.

export const PERMISSIONS = [
  "SCHEDULE",
  "MODERATE_ANY",
  "RECORD",
  "LIVESTREAM",
  "CREATE_GUEST_LINKS",
  "LINKS_WITHOUT_LOBBY",
  "SEE_ALL_MEETINGS",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
  SCHEDULE: "Schedule meetings",
  MODERATE_ANY: "Moderate any meeting they join",
  RECORD: "Record",
  LIVESTREAM: "Livestream",
  CREATE_GUEST_LINKS: "Create guest links",
  LINKS_WITHOUT_LOBBY: "Create links without a lobby",
  SEE_ALL_MEETINGS: "See every meeting",
};

export type Grant = { permission: Permission; subjectType: "ROLE" | "GROUP"; subject: string };
export type Policy = { recordingAllowed: boolean };

export function effectivePermissions(who: { roles: string[]; groups: string[] }, grants: Grant[], policy: Policy): Permission[] {
  const held = new Set<Permission>();
  for (const g of grants) {
    const subjects = g.subjectType === "ROLE" ? who.roles : who.groups;
    if (subjects.includes(g.subject)) held.add(g.permission);
  }
  // Site policy overrides every grant: with recording off, nobody records or streams.
  if (!policy.recordingAllowed) {
    held.delete("RECORD");
    held.delete("LIVESTREAM");
  }
  return PERMISSIONS.filter((p) => held.has(p));
}
