// The audit log in words: each entry (action code + details) as the sentence an admin reads, with
// people's names and meetings' titles in place of ids. Pure; lib/audit.ts looks the names up.
import { PERMISSION_LABELS, type Permission } from "@/lib/access/permissions";
import type { AuditAction } from "@/lib/audit";

export type AuditNames = { people: ReadonlyMap<string, string>; meetings: ReadonlyMap<string, string> };
export type AuditEntryText = { actorId: string | null; actorName: string; action: string; meetingId: string | null; details: unknown };

/** Plain names for the action filter. */
export const ACTION_LABELS: Record<AuditAction, string> = {
  "meeting.create": "Meeting scheduled",
  "meeting.update": "Meeting changed",
  "meeting.cancel": "Meeting cancelled",
  "permission.grant": "Permission granted",
  "permission.revoke": "Permission taken away",
  "settings.update": "Site policy changed",
  "user.suspend": "Person suspended",
  "user.unsuspend": "Person reinstated",
  "user.erase": "Person erased",
  "member.add": "Person added to a meeting",
  "member.remove": "Person removed from a meeting",
  "share.add": "Meeting shared with a group",
  "share.remove": "Group share removed",
  "link.create": "Invite link created",
  "link.revoke": "Invite link revoked",
  "link.reissue": "Invite link re-issued",
  "link.renew": "Invite link renewed",
  "invitation.send": "Email invitations sent",
  "invitation.remove": "Email invitation removed",
  "token.issue": "Joined a conference",
  "recording.delete": "Recording deleted",
  "recording.purge": "Recording expired",
  "purge.run": "Purge ran",
  "webhook.create": "Webhook endpoint added",
  "webhook.enable": "Webhook endpoint enabled",
  "webhook.disable": "Webhook endpoint disabled",
  "webhook.delete": "Webhook endpoint removed",
};

const SETTING_LABELS: Record<string, string> = {
  organisationName: "organisation name",
  guestLobbyDefault: "guest links wait in the lobby",
  inviteMaxDays: "longest link lifetime (days)",
  recordingAllowed: "recording allowed",
  e2eeDefault: "end-to-end encryption by default",
  meetingRetentionDays: "ended meetings kept (days)",
  auditRetentionDays: "audit entries kept (days)",
  personRetentionDays: "people who no longer sign in kept (days)",
  attendanceAllowed: "organisers may keep attendance",
  attendanceRetentionDays: "attendance kept (days)",
  organisationDomains: "organisation mail domains",
};

const PURGE_LABELS: Record<string, [string, string]> = {
  meetings: ["meeting", "meetings"],
  auditEntries: ["audit entry", "audit entries"],
  mails: ["old mail", "old mails"],
  links: ["dead invite link", "dead invite links"],
  rateLimits: ["rate-limit counter", "rate-limit counters"],
  recordings: ["recording", "recordings"],
  people: ["person", "people"],
  signIns: ["ended sign-in", "ended sign-ins"],
  conferenceSessions: ["conference connection", "conference connections"],
  webhookDeliveries: ["webhook delivery", "webhook deliveries"],
};

export function describeAuditEntry(e: AuditEntryText, names: AuditNames): string {
  const d = (e.details && typeof e.details === "object" ? e.details : {}) as Record<string, unknown>;
  const who = e.actorId ? (names.people.get(e.actorId) ?? e.actorName) : e.actorName === "system" ? "The portal" : e.actorName;
  const meeting = e.meetingId ? quoted(names.meetings.get(e.meetingId)) : "a meeting";
  const person = (id: unknown) => (typeof id === "string" ? (names.people.get(id) ?? "a person no longer here") : "someone");
  const role = (r: unknown) => (r === "MODERATOR" ? "moderator" : "participant");
  switch (e.action) {
    case "permission.grant":
    case "permission.revoke": {
      const what = PERMISSION_LABELS[d.permission as Permission] ?? String(d.permission);
      const to = `${d.subjectType === "GROUP" ? "group" : "role"} ${String(d.subject)}`;
      return e.action === "permission.grant" ? `${who} granted ${what} to ${to}` : `${who} took ${what} away from ${to}`;
    }
    case "settings.update":
      return `${who} changed the site policy: ${Object.entries(d).map(([k, v]) => `${SETTING_LABELS[k] ?? k} ${typeof v === "boolean" ? (v ? "yes" : "no") : String(v)}`).join(", ")}`;
    case "user.suspend":
      return `${who} suspended ${person(d.userId)}`;
    case "user.unsuspend":
      return `${who} reinstated ${person(d.userId)}`;
    case "user.erase":
      return `${who} erased a person's data (now "${String(d.person)}"): ${count(d.meetings, "meeting", "meetings")} ${d.meetingsHandedTo ? `handed to ${person(d.meetingsHandedTo)}` : "deleted"}, ${count(d.invitations, "invitation", "invitations")}, ${count(d.recordings, "recording", "recordings")}`;
    case "member.add":
      return `${who} added ${person(d.userId)} to ${meeting} as ${role(d.role)}`;
    case "member.remove":
      return `${who} removed ${person(d.userId)} from ${meeting}`;
    case "share.add":
      return `${who} shared ${meeting} with group ${String(d.group)} as ${role(d.role)}`;
    case "share.remove":
      return `${who} stopped sharing ${meeting} with group ${String(d.group)}`;
    case "link.create": {
      const limits = [d.lobby ? "holders wait in the lobby" : "no lobby", typeof d.maxUses === "number" ? `up to ${count(d.maxUses, "use", "uses")}` : null].filter(Boolean);
      return `${who} created an invite link for ${d.role === "PARTICIPANT" ? "participants" : "guests"} to ${meeting} (${limits.join(", ")})`;
    }
    case "link.revoke":
      return `${who} revoked an invite link to ${meeting}`;
    case "link.reissue":
      return `${who} re-issued an invite link to ${meeting} as their own`;
    case "link.renew":
      return `${who} renewed an email invitation's link to ${meeting}`;
    case "invitation.send":
      return `${who} invited ${[d.colleagues ? count(d.colleagues, "colleague", "colleagues") : null, d.guests ? count(d.guests, "guest", "guests") : null].filter(Boolean).join(" and ") || "nobody new"} to ${meeting} by email`;
    case "invitation.remove":
      return `${who} removed an email invitation to ${meeting}${d.wasSent ? " (the person was told)" : ""}`;
    case "token.issue": {
      const joiner = e.actorId ? who : "A guest";
      const rights = [d.moderator ? "as moderator" : null, d.recording ? "may record" : null].filter(Boolean);
      return `${joiner} joined ${meeting}${d.via === "link" ? " through an invite link" : ""}${rights.length ? ` (${rights.join(", ")})` : ""}`;
    }
    case "recording.delete":
      return `${who} deleted a recording of ${meeting}${size(d.bytes)}`;
    case "recording.purge":
      return `A recording of ${meeting} reached the end of its retention and was deleted${size(d.bytes)}`;
    case "meeting.create":
      return `${who} scheduled ${meeting}`;
    case "meeting.update":
      return `${who} changed ${meeting}`;
    case "meeting.cancel":
      return `${who} cancelled ${meeting}`;
    case "webhook.create":
      return `${who} added the webhook endpoint ${String(d.url)} (${Array.isArray(d.events) ? d.events.length : 0} events)`;
    case "webhook.enable":
    case "webhook.disable":
    case "webhook.delete":
      return `${who} ${{ "webhook.enable": "enabled", "webhook.disable": "disabled", "webhook.delete": "removed" }[e.action]} a webhook endpoint`;
    case "purge.run":
      return `${e.actorId ? `${who} ran the purge` : "The scheduled purge ran"}: removed ${purgeCounts(d)}`;
    default:
      return `${who}: ${e.action}`;
  }
}

/** "2 meetings, 1 audit entry, nothing else", from lib/jobs/purge.ts's counts. */
export function purgeCounts(d: Record<string, unknown>): string {
  const parts = Object.entries(PURGE_LABELS).flatMap(([key, [one, many]]) => (typeof d[key] === "number" && d[key] > 0 ? [count(d[key], one, many)] : []));
  return parts.length ? parts.join(", ") : "nothing (nothing was due)";
}

function count(n: unknown, one: string, many: string) {
  const v = typeof n === "number" ? n : 0;
  return `${v} ${v === 1 ? one : many}`;
}

function quoted(title: string | undefined) {
  return title === undefined ? "a meeting since deleted" : `“${title}”`;
}

function size(bytes: unknown) {
  return typeof bytes === "number" ? ` (${(bytes / 1_000_000).toFixed(1)} MB)` : "";
}
