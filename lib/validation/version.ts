// The version an edit form was rendered with (a hidden input, so it works without JavaScript): the
// save goes through only while the row still has it (issue 21: a stale tab reverted another's change).
import { z } from "zod";

export const STALE_FORM = "This form is out of date. Reload the page and make your change again.";

// Digits from a form, a number from JSON; a missing one is never read as 0 (a blind overwrite).
export const editVersion = z.preprocess(
  (v) => (typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : v),
  z.number({ error: STALE_FORM }).int(STALE_FORM).min(0, STALE_FORM).max(2_147_483_647, STALE_FORM),
);

