// One result shape for server actions and one error body for route handlers.
import { unstable_rethrow } from "next/navigation";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, reportError } from "@/lib/db/outage";
import { formDataToObject } from "@/lib/validation/meeting";
import { STALE_FORM, editVersion } from "@/lib/validation/version";

export type FieldErrors = Record<string, string[] | undefined>;
// `values` hands the submitted fields back: React resets a form after its action runs, and a
// rejected form must not lose what the user typed.
export type ActionResult<T = void> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

/** An error whose message is safe to show to the user; with `field`, shown beside that form field. */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 = 400,
    readonly code = "bad_request",
    readonly field?: string,
  ) {
    super(message);
  }
}

const GENERIC = "Something went wrong. Please try again.";
const CORRECT_FIELDS = "Please correct the highlighted fields.";
export const BAD_REQUEST = "This request is not valid. Reload the page and try again.";

export async function run<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    unstable_rethrow(e);
    if (e instanceof AppError) {
      return e.field ? { ok: false, error: CORRECT_FIELDS, fieldErrors: { [e.field]: [e.message] } } : { ok: false, error: e.message };
    }
    return { ok: false, error: reportError("action failed", e) ? UNAVAILABLE_MESSAGE : GENERIC };
  }
}

/**
 * The shape every form action shares: the form parsed with its schema, the work run, and on any
 * failure the typed values handed back so nothing is lost.
 */
export async function submitForm<S extends z.ZodType, T>(schema: S, form: FormData, work: (data: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  // Callers parse their arguments first (parseArgs); this guard keeps a plain object from ever
  // reaching formDataToObject, whose iteration would throw.
  if (!(form instanceof FormData)) return { ok: false, error: BAD_REQUEST };
  const values = formDataToObject(form);
  const parsed = schema.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const result = await run(() => work(parsed.data));
  return result.ok ? result : { ...result, values };
}

/** The version an edit form was rendered with; a form without one (or a forged one) counts as out of date. */
export function formVersion(form: FormData): number {
  const version = editVersion.safeParse(form.get("version"));
  if (!version.success) throw new AppError(STALE_FORM, 409, "conflict");
  return version.data;
}

/**
 * A server action is a public endpoint: each argument arrives as the caller sent it (an object, an
 * array, nothing, a megabyte), whatever its TypeScript type says. Every action parses all of them
 * here, first; a bad one is an error the form shows, and nothing else runs.
 */
export function parseArgs<S extends z.ZodTuple>(schema: S, args: readonly unknown[]): { ok: true; data: z.output<S> } | { ok: false; error: string } {
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, data: parsed.data };
  // The failing argument's own message (ours are written for people), never Zod's default text.
  const first = parsed.error.issues[0];
  return { ok: false, error: first && first.path.length === 1 && !first.message.startsWith("Invalid") ? first.message : BAD_REQUEST };
}

export function invalid(error: z.ZodError, values?: Record<string, string>): ActionResult<never> {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, error: CORRECT_FIELDS, fieldErrors, values };
}

export function jsonError(status: number, code: string, message: string, headers?: HeadersInit) {
  return NextResponse.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** The answer while the database is away: clients may retry shortly. */
export const unavailable = () => jsonError(503, "unavailable", UNAVAILABLE_MESSAGE, { "Retry-After": String(RETRY_AFTER_SECONDS) });

/** Route-handler wrapper: AppError becomes its status, a database outage 503, anything else a 500 without internals. */
export async function handleRoute(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) return jsonError(e.status, e.code, e.message);
    return reportError("route failed", e) ? unavailable() : jsonError(500, "internal", GENERIC);
  }
}
