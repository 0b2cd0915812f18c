// Admin API input: the same schemas validate the admin forms and the route handlers.
import { z } from "zod";
import { PERMISSIONS } from "@/lib/access/permissions";
import { editVersion } from "@/lib/validation/version";

export const grantInput = z.object({
  permission: z.enum(PERMISSIONS, { error: "Choose a permission" }),
  subjectType: z.enum(["ROLE", "GROUP"], { error: "Choose role or group" }),
  subject: z
    .string({ error: "Name the role or group" })
    .trim()
    .min(1, "Name the role or group")
    .max(100, "Keep the name to 100 characters")
    .regex(/^[\p{L}\p{N} ._\-/]+$/u, "Use letters, digits, spaces and . _ - / only"),
});
export type GrantInput = z.infer<typeof grantInput>;

const days = (label: string) => z.coerce.number({ error: `Give ${label} in days` }).int(`Give ${label} in whole days`).min(1, `${label} is at least 1 day`).max(3650, `${label} is at most 3650 days`);

// "example.org", also typed as "@Example.org"; a list comes comma- or space-separated from the form.
const MAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const organisationDomains = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : v),
  z
    .array(z.string().trim().toLowerCase().transform((d) => d.replace(/^@/, "")).refine((d) => MAIL_DOMAIN.test(d), { error: (i) => `${String(i.input)} is not a mail domain such as example.org` }))
    .max(50, "At most 50 mail domains")
    .transform((list) => [...new Set(list)]),
);

export const settingsInput = z.object({
  organisationName: z.string().trim().min(1, "Give the organisation's name").max(100, "Keep the name to 100 characters"),
  guestLobbyDefault: z.boolean(),
  inviteMaxDays: days("The longest link lifetime").max(365, "The longest link lifetime is at most 365 days"),
  recordingAllowed: z.boolean(),
  e2eeDefault: z.boolean(),
  meetingRetentionDays: days("Keeping ended meetings"),
  auditRetentionDays: days("Keeping audit entries"),
  personRetentionDays: days("Keeping people who have not signed in"),
  version: editVersion,
  attendanceAllowed: z.boolean(),
  attendanceRetentionDays: days("Keeping attendance"),
  // Optional, so a client that does not know the field leaves the domains as they are.
  organisationDomains: organisationDomains.optional(),
});
export type SettingsInput = z.infer<typeof settingsInput>;

export const suspensionInput = z.object({ suspended: z.boolean({ error: "Say whether the user is suspended" }) });

// Erasure cannot be undone: the admin types the person's name, and says where their meetings go.
export const erasureInput = z
  .object({
    confirmName: z.string({ error: "Type the person's name to confirm" }).trim().min(1, "Type the person's name to confirm").max(200),
    meetings: z.enum(["delete", "transfer"], { error: "Choose what happens to their meetings" }),
    transferTo: z.uuid({ error: "Choose who takes over their meetings" }).optional(),
  })
  .refine((v) => v.meetings === "delete" || v.transferTo, { message: "Choose who takes over their meetings", path: ["transferTo"] });
export type ErasureInput = z.infer<typeof erasureInput>;

export const pageQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(50).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
