// Site policy (one row, edited by admins). Read per request, so a change applies to the next one.
import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type SiteSettings = {
  organisationName: string;
  guestLobbyDefault: boolean;
  inviteMaxDays: number;
  recordingAllowed: boolean;
  e2eeDefault: boolean;
  meetingRetentionDays: number;
  auditRetentionDays: number;
  personRetentionDays: number;
  /** Raised by every save; the policy form sends it back (lib/admin/changes.ts updateSettings). */
  version: number;
  attendanceAllowed: boolean;
  attendanceRetentionDays: number;
  /** The organisation's mail domains, lower case: their addresses are colleagues', not guests'. */
  organisationDomains: string[];
};

/** Until an admin saves the policy, the environment's values stand. */
export function defaultSettings(): SiteSettings {
  return {
    organisationName: env.ORGANISATION_NAME,
    guestLobbyDefault: true,
    inviteMaxDays: env.INVITE_MAX_DAYS,
    recordingAllowed: true,
    e2eeDefault: false,
    meetingRetentionDays: 90,
    auditRetentionDays: 365,
    personRetentionDays: 730,
    version: 0,
    attendanceAllowed: true,
    attendanceRetentionDays: 90,
    organisationDomains: [],
  };
}

/**
 * Per request: the policy the session read already holds (lib/users.ts reads the policy's stamp with
 * the user's row), so a page that asks after requireUser needs no query of its own. Outside a
 * request React's cache memoizes nothing, so there is never a holder and every call reads.
 */
export const settingsOfThisRequest = cache((): { known?: Promise<SiteSettings> } => ({}));

export const getSettings = cache((): Promise<SiteSettings> => settingsOfThisRequest().known ?? readSettings());

async function readSettings(): Promise<SiteSettings> {
  const row = await db.siteSettings.findUnique({ where: { id: 1 } });
  if (!row) return defaultSettings();
  const { id: _id, updatedAt: _u, ...settings } = row;
  return settings;
}
