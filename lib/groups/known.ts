// Group names the portal can vouch for, so a misspelt share or grant is caught (issue 16): the IdP's
// groups (REALM_GROUPS, set by the quick start from its realm), groups seen on people at sign-in,
// and groups already used in permission grants and meeting shares.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export async function knownGroups(): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    select g as name from "User", unnest(groups) g
    union select subject from "PermissionGrant" where "subjectType" = 'GROUP'
    union select "group" from "MeetingGroupShare"`;
  return [...new Set([...(env.REALM_GROUPS ?? []), ...rows.map((r) => r.name)])].sort((a, b) => a.localeCompare(b));
}

/** The known spelling of a name (exact, ignoring case), or null when it is not known. */
export function knownName(name: string, known: string[]): string | null {
  const exact = known.find((k) => k === name);
  if (exact) return exact;
  const folded = known.filter((k) => k.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0]! : null;
}
