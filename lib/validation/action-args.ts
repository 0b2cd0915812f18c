// What server actions receive besides their forms' fields: the form itself, and what no action reads.
import { z } from "zod";

export const formArg = z.instanceof(FormData, { error: "Send the form." });
/** useActionState's previous result: no action reads it, so any value passes and none is used. */
export const previousResult = z.unknown();
/** A creating form's hidden key (lib/db/idempotency.ts); without a valid one the submission simply runs. */
export const idempotencyKey = z.uuid().optional().catch(undefined);
