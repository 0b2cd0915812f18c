import { z } from "zod";

export const PRESENCE_MAX_MEETINGS = 50;

/** `?ids=<uuid>,<uuid>,…`: the meetings a list shows (one page of "My meetings"). */
export const presenceQuery = z.object({
  ids: z
    .string({ error: "Give the meeting ids as ?ids=…" })
    .max(PRESENCE_MAX_MEETINGS * 37, `At most ${PRESENCE_MAX_MEETINGS} meetings at once.`)
    .transform((s) => (s ? s.split(",") : []))
    .pipe(z.array(z.uuid("Meeting ids are UUIDs.")).max(PRESENCE_MAX_MEETINGS, `At most ${PRESENCE_MAX_MEETINGS} meetings at once.`)),
});
