// Input for email invitations and series: one schema per form, shared with its server action.
// Anything that reaches a mail header (names, titles, addresses) is refused with CR/LF or other
// control characters, clearly, before nodemailer's own encoding would have to rescue it.
import { IANAZone } from "luxon";
import { z } from "zod";
import { MAX_OCCURRENCES, MAX_SERIES_DAYS, type Recurrence, WEEKDAYS } from "@/lib/calendar/recurrence";

export const MAX_INVITEES = 100;
// C0/C1 controls (CR, LF, NEL, …), the Unicode line and paragraph separators, and bidi overrides.
export const CONTROL_CHARS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const NAME_MAX = 80;

// "ada@example.org" or "Ada Lovelace <ada@example.org>"; one per line or separated by commas/semicolons.
const ENTRY = /^(?:(.*?)\s*<([^<>]+)>|([^<>]+))$/;

export type Invitee = { email: string; name: string };

export const invitationId = z.uuid({ error: "That is not a valid invitation." });

export const inviteesInput = z.object({
  invitees: z
    .string({ error: "Enter at least one email address" })
    .max(MAX_INVITEES * 200, `Invite at most ${MAX_INVITEES} people at a time`)
    .transform((raw, ctx): Invitee[] => {
      const entries = raw.split(/\r\n|\r|\n|[,;]/).map((s) => s.trim()).filter(Boolean);
      if (entries.length === 0) return issue(ctx, "Enter at least one email address");
      if (entries.length > MAX_INVITEES) return issue(ctx, `Invite at most ${MAX_INVITEES} people at a time (you entered ${entries.length})`);
      const out = new Map<string, Invitee>();
      for (const entry of entries) {
        const m = ENTRY.exec(entry);
        const name = (m?.[1] ?? "").replace(/^"|"$/g, "").trim();
        const email = (m?.[2] ?? m?.[3] ?? "").trim().toLowerCase();
        if (CONTROL_CHARS.test(entry)) return issue(ctx, `Remove control characters from "${printable(entry)}"`);
        if (!m || !z.email().safeParse(email).success) return issue(ctx, `"${printable(entry)}" is not a valid email address`);
        if ([...name].length > NAME_MAX) return issue(ctx, `Keep each name to ${NAME_MAX} characters`);
        out.set(email, { email, name });
      }
      return [...out.values()];
    }),
  // The invitees' own zone, when the organiser knows it; otherwise mails name the organiser's zone.
  timeZone: z
    .string()
    .default("")
    .refine((zone) => zone === "" || IANAZone.isValidZone(zone), "Choose a valid time zone")
    .transform((zone) => zone || null),
});
export type InviteesInput = z.output<typeof inviteesInput>;

/** The schedule form's optional invitees: nothing when the field is left empty. */
export function optionalInvitees(raw: unknown): z.ZodSafeParseResult<InviteesInput | null> {
  if (typeof raw !== "string" || raw.trim() === "") return { success: true, data: null };
  return inviteesInput.safeParse({ invitees: raw });
}

const weekday = z.enum(WEEKDAYS);

/** The recurrence part of the meeting form (FormData: repeat, interval, weekdays, monthlyBy, ends, count, until). */
export const recurrenceFields = z.object({
  repeat: z.enum(["none", "daily", "weekly", "monthly"], { error: "Choose how the meeting repeats" }).default("none"),
  interval: z.coerce.number().int("Give a whole number").min(1, "Repeat at least every 1").max(99, "Repeat at most every 99").default(1),
  // Checkbox values joined by the form as "MO,WE" (FormData keeps only one value per name here).
  weekdays: z.string().default("").transform((s) => s.split(",").filter(Boolean)).pipe(z.array(weekday, { error: "Choose weekdays" })),
  monthlyBy: z.enum(["date", "weekday"]).default("date"),
  ends: z.enum(["count", "until"]).default("count"),
  count: z.coerce.number().int("Give a whole number of meetings").min(2, "A series has at least 2 meetings").max(MAX_OCCURRENCES, `A series has at most ${MAX_OCCURRENCES} meetings`).default(10),
  until: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the last day")]).default(""),
  reminderMinutes: z
    .string()
    .default("")
    .transform((v) => (v.trim() === "" ? null : Number(v)))
    .pipe(z.number({ error: "Give the reminder in minutes" }).int("Give a whole number of minutes").min(1, "At least 1 minute before").max(7 * 24 * 60, "At most a week before").nullable()),
});

type RecurrenceFields = z.output<typeof recurrenceFields>;

/** The recurrence the fields describe, or an issue on the field at fault. */
export function toRecurrence(f: RecurrenceFields, startDay: string, ctx: z.RefinementCtx): Recurrence | null {
  if (f.repeat === "none") return null;
  let end: Recurrence["end"] = { count: f.count };
  if (f.ends === "until") {
    if (!f.until) return issue(ctx, "Choose the last day", "until");
    if (f.until < startDay) return issue(ctx, "The last day is before the first meeting", "until");
    if (Date.parse(f.until) - Date.parse(startDay) > MAX_SERIES_DAYS * 86_400_000) return issue(ctx, "A series may run at most two years", "until");
    end = { until: f.until };
  }
  if (f.repeat === "weekly") {
    if (f.weekdays.length === 0) return issue(ctx, "Choose at least one weekday", "weekdays");
    return { freq: "weekly", interval: f.interval, weekdays: f.weekdays, end };
  }
  if (f.repeat === "monthly") return { freq: "monthly", interval: f.interval, by: f.monthlyBy, end };
  return { freq: "daily", interval: f.interval, end };
}

function issue(ctx: z.RefinementCtx, message: string, path?: string): never {
  ctx.addIssue({ code: "custom", message, ...(path ? { path: [path] } : {}) });
  return z.NEVER;
}

// Error messages echo the entry, minus anything that could break the page's text.
const printable = (s: string) => s.replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, "␤").slice(0, 80);
