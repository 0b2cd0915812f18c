// Invite-link and guest-name input: one schema for each form and its server action.
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { LINK_TOKEN } from "@/lib/invites/link-token";

export const LABEL_MAX = 80;
export const GUEST_NAME_MAX = 64;
export const MAX_USES_LIMIT = 1000;

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const linkInput = z
  .object({
    label: z.string().trim().max(LABEL_MAX, `Keep the label to ${LABEL_MAX} characters`).default(""),
    role: z.enum(["GUEST", "PARTICIPANT"], { error: "Choose guest or participant" }).default("GUEST"),
    // Empty: the default expiry (the meeting's end plus the grace period).
    expires: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Choose a date and time")]).default(""),
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), "Choose a valid time zone").default("UTC"),
    // Empty: unlimited.
    maxUses: z
      .string()
      .default("")
      .transform((v) => (v.trim() === "" ? null : Number(v)))
      .pipe(
        z
          .number({ error: "Give a number of uses" })
          .int("Give a whole number of uses")
          .min(1, "A link needs at least one use")
          .max(MAX_USES_LIMIT, `At most ${MAX_USES_LIMIT} uses`)
          .nullable(),
      ),
    lobby: checkbox,
  })
  .transform(({ expires, timeZone, ...rest }) => ({
    ...rest,
    expiresAt: expires ? DateTime.fromISO(expires, { zone: timeZone }).toUTC().toJSDate() : null,
  }));

export type LinkInput = z.output<typeof linkInput>;

export const INVALID_LINK = "This invitation link is not valid. Ask the person who invited you for a new one.";

export const linkId = z.uuid({ error: "That link does not exist." });
/** The token of a /join/ URL: anything else (an array, an object, a megabyte) reads as any wrong link. */
export const linkTokenArg = z.string({ error: INVALID_LINK }).regex(LINK_TOKEN, INVALID_LINK);

// Control characters and invisible direction overrides could disguise a name; any script is welcome.
const UNSAFE_NAME = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export const guestNameInput = z.object({
  name: z
    .string({ error: "Enter your name" })
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, "Enter your name")
    // Counted in characters as people see them (an emoji is one), not UTF-16 units.
    .refine((s) => [...s].length <= GUEST_NAME_MAX, `Keep your name to ${GUEST_NAME_MAX} characters`)
    .refine((s) => !UNSAFE_NAME.test(s), "Remove control characters from your name"),
});
