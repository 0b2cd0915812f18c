// Meeting input: one schema for the schedule/edit form and the server actions.
import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { allOccurrences, recurrenceToFields, toRrule } from "@/lib/calendar/recurrence";
import { CONTROL_CHARS, recurrenceFields, toRecurrence } from "@/lib/validation/calendar";

export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const DURATION_MIN = 5;
export const DURATION_MAX = 12 * 60;
// A start a few minutes back is a meeting starting now, not a mistake.
const PAST_TOLERANCE_MINUTES = 5;

export const meetingId = z.uuid({ error: "That is not a valid meeting id." });
export const userId = z.uuid({ error: "That is not a valid user id." });

export const timeZone = z.string({ error: "Choose a time zone" }).max(64, "Choose a valid time zone").refine((zone) => IANAZone.isValidZone(zone), "Choose a valid time zone");

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const meetingFields = z.object({
  title: z
    .string({ error: "Give the meeting a title" })
    .trim()
    .min(1, "Give the meeting a title")
    .max(TITLE_MAX, `Keep the title to ${TITLE_MAX} characters`)
    // The title becomes a mail subject: a line break there would be a header injection.
    .refine((t) => !CONTROL_CHARS.test(t), "Remove line breaks and control characters from the title"),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX, `Keep the description to ${DESCRIPTION_MAX} characters`)
    .default(""),
  // The <input type="datetime-local"> value: wall-clock time in the organiser's zone.
  start: z
    .string({ error: "Choose when the meeting starts" })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Choose when the meeting starts"),
  timeZone,
  durationMinutes: z.coerce
    .number({ error: "Give a duration in minutes" })
    .int("Give a whole number of minutes")
    .min(DURATION_MIN, `A meeting lasts at least ${DURATION_MIN} minutes`)
    .max(DURATION_MAX, `A meeting lasts at most ${DURATION_MAX / 60} hours`),
  lobby: checkbox,
  e2ee: checkbox,
  recordingAllowed: checkbox,
  attendance: checkbox,
  ...recurrenceFields.shape,
});

export const meetingInput = meetingFields.transform((input, ctx) => {
  const start = DateTime.fromISO(input.start, { zone: input.timeZone });
  if (!start.isValid) {
    ctx.addIssue({ code: "custom", path: ["start"], message: "That time does not exist in this time zone" });
    return z.NEVER;
  }
  const gap = skippedWallTime(input.start, start);
  if (gap) {
    ctx.addIssue({ code: "custom", path: ["start"], message: gap });
    return z.NEVER;
  }
  const recurrence = toRecurrence(input, input.start.slice(0, 10), ctx);
  const first = start.toUTC().toJSDate();
  const rrule = recurrence ? toRrule(recurrence, first, input.timeZone) : null;
  // A weekly series on other weekdays than the chosen start begins on its first matching day.
  const all = allOccurrences({ startsAt: first, timeZone: input.timeZone, rrule });
  if (all.length === 0) {
    ctx.addIssue({ code: "custom", path: ["until"], message: "No meeting of this series falls before the last day" });
    return z.NEVER;
  }
  const startsAt = all[0]!;
  const { title, description, timeZone, durationMinutes, lobby, e2ee, recordingAllowed, attendance, reminderMinutes } = input;
  return {
    ...{ start: input.start, title, description, timeZone, durationMinutes, lobby, e2ee, recordingAllowed, attendance, reminderMinutes, rrule },
    startsAt,
    endsAt: new Date(all.at(-1)!.getTime() + durationMinutes * 60_000),
  };
});

/**
 * A wall time the clocks skip (02:30 on the night they go forward) does not exist; Luxon would move it
 * on by the gap without a word. The person is told, with the time it would have become.
 */
export function skippedWallTime(typed: string, resolved: DateTime): string | null {
  if (resolved.toFormat("yyyy-MM-dd'T'HH:mm") === typed) return null;
  return `${typed.slice(11)} does not exist on ${resolved.setLocale("en-GB").toFormat("d LLLL yyyy")} in ${resolved.zoneName}: the clocks go forward then. Choose another time, e.g. ${resolved.toFormat("HH:mm")}.`;
}

/** Changing one meeting of a series: which one (its RECURRENCE-ID), its new start and its length. */
export const occurrenceInput = meetingFields.pick({ start: true, durationMinutes: true }).extend({
  occurrence: z.iso.datetime({ error: "Choose a meeting of the series" }).transform((s) => new Date(s)),
});

// As the form holds them: weekdays "MO,WE", no reminder "".
export type MeetingFormValues = Omit<z.output<typeof meetingFields>, "description" | "weekdays" | "reminderMinutes"> & { description: string; weekdays: string; reminderMinutes: string };
export type MeetingInput = z.output<typeof meetingInput>;

/** A new start must lie ahead; an edit may keep the start it already had. */
export function startIsAcceptable(startsAt: Date, now: Date, unchangedFrom?: Date): boolean {
  if (unchangedFrom && unchangedFrom.getTime() === startsAt.getTime()) return true;
  return startsAt.getTime() >= now.getTime() - PAST_TOLERANCE_MINUTES * 60_000;
}

export const START_IN_PAST = "The start is in the past; choose a time ahead";

export function formDataToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  // Repeated names (a group of checkboxes such as weekdays) arrive as one comma-separated value.
  for (const [key, value] of form) if (typeof value === "string") out[key] = key in out ? `${out[key]},${value}` : value;
  return out;
}

/** Inverse of the form: a stored meeting as the values its edit form starts from. */
export function toFormValues(m: { title: string; description: string; startsAt: Date; timeZone: string; durationMinutes: number; lobby: boolean; e2ee: boolean; recordingAllowed: boolean; attendance: boolean; rrule?: string | null; reminderMinutes?: number | null }): MeetingFormValues {
  return {
    ...recurrenceToFields(m.rrule ?? null, m.timeZone),
    reminderMinutes: m.reminderMinutes ? String(m.reminderMinutes) : "",
    title: m.title,
    description: m.description,
    start: DateTime.fromJSDate(m.startsAt, { zone: m.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm"),
    timeZone: m.timeZone,
    durationMinutes: m.durationMinutes,
    lobby: m.lobby,
    e2ee: m.e2ee,
    recordingAllowed: m.recordingAllowed,
    attendance: m.attendance,
  };
}

export const memberInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter the person's email address")),
  role: z.enum(["MODERATOR", "PARTICIPANT"], { error: "Choose moderator or participant" }),
});

export const groupShareInput = z.object({
  group: z
    .string({ error: "Name the Keycloak group" })
    .trim()
    .min(1, "Name the Keycloak group")
    .max(100, "Keep the group name to 100 characters")
    .regex(/^[\p{L}\p{N} ._\-/]+$/u, "Use letters, digits, spaces and . _ - / only")
    .transform((g) => g.replace(/^\//, "")),
  role: z.enum(["MODERATOR", "PARTICIPANT"], { error: "Choose moderator or participant" }),
  // Ticked after the warning below: share with a group nobody has been seen in.
  confirmUnknown: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
});

/** The warning for a group the portal does not know; the form then offers to share anyway. */
export const SHARE_ANYWAY = "Share anyway";
export const unknownGroupMessage = (group: string) =>
  `No group "${group}" is known: nobody in it has signed in yet and no meeting or permission uses it. Check the spelling, or tick "${SHARE_ANYWAY}".`;
export const isUnknownGroupWarning = (message: string) => message.startsWith("No group ") && message.endsWith(`tick "${SHARE_ANYWAY}".`);

export const peopleQuery = z.string().trim().min(2).max(100);

// A page of a list starts after (or ends before) a row: "<its start, ISO>_<its id>". Anything else
// reads as no cursor, i.e. the first page.
const listCursor = z
  .string()
  .max(80)
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .transform((s) => ({ startsAt: new Date(s.slice(0, 24)), id: s.slice(25) }))
  .refine((c) => !Number.isNaN(c.startsAt.getTime()))
  .optional()
  .catch(undefined);

export const listQuery = z.object({
  tab: z.enum(["upcoming", "past", "all"]).catch("upcoming"),
  after: listCursor,
  before: listCursor,
});
export type ListQuery = z.infer<typeof listQuery>;
export type ListCursor = NonNullable<ListQuery["after"]>;
