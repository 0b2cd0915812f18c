// The one guard for state-changing requests (route handlers, and server actions through proxy.ts):
// only the portal's own pages may send them, JSON only where JSON is read, and nothing oversized.
// SameSite=Lax cookies ride along from sibling subdomains (the Jitsi and Keycloak hosts), so the
// cookie alone proves nothing about who sent the request (issue 14).
import type { z } from "zod";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/errors";

/** Route-handler bodies are small JSON documents. */
export const MAX_JSON_BYTES = 64 * 1024;
/** Next's default server-action limit (serverActions.bodySizeLimit), checked before Next reads the body. */
export const MAX_ACTION_BYTES = 1024 * 1024;

export type Refusal = { status: 403 | 413; code: string; message: string };

const CROSS_SITE: Refusal = { status: 403, code: "cross_site", message: "This request did not come from the portal's own pages." };
const tooLarge = (max: number): Refusal => ({ status: 413, code: "too_large", message: `The request is larger than ${Math.round(max / 1024)} KB.` });

/**
 * Why a state-changing request must be refused, or null. Browsers say where a request comes from in
 * Sec-Fetch-Site and Origin, and a page cannot forge either; a request with neither comes from no
 * browser page (a script with its own cookie jar), so nothing can be forged through it. The same rule
 * as Go's net/http CrossOriginProtection.
 */
export function mutationRefusal(headers: Headers, maxBytes: number, portalUrl = env.NEXTAUTH_URL): Refusal | null {
  const origin = headers.get("origin");
  const site = headers.get("sec-fetch-site");
  // "none": the person's own doing (a bookmark, the address bar), never another site's.
  const sameOrigin = site !== null ? site === "same-origin" || site === "none" : origin === null || origin === new URL(portalUrl).origin;
  if (!sameOrigin || (origin !== null && origin !== new URL(portalUrl).origin)) return CROSS_SITE;
  const length = Number(headers.get("content-length") ?? 0);
  if (!Number.isFinite(length) || length > maxBytes) return tooLarge(maxBytes);
  return null;
}

/** For route handlers: the refusal as JSON, or null to go on. */
export function refuseCrossSite(req: Request, maxBytes = MAX_JSON_BYTES): Response | null {
  const refusal = mutationRefusal(req.headers, maxBytes);
  return refusal && jsonError(refusal.status, refusal.code, refusal.message);
}

/** A JSON body parsed with `schema`, or a response saying what is wrong (403, 413, 400, 422). */
export async function readJsonBody<T extends z.ZodType>(req: Request, schema: T, maxBytes = MAX_JSON_BYTES): Promise<z.infer<T> | Response> {
  // text/plain and form posts are "simple" requests a foreign page may send without asking.
  if (req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() !== "application/json") {
    return jsonError(403, "json_required", "Send the body as application/json.");
  }
  const text = await readText(req, maxBytes);
  if (text === null) return jsonError(413, "too_large", tooLarge(maxBytes).message);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonError(400, "bad_json", "Send a JSON body.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return jsonError(422, "invalid", parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
}

/** The body as text, or null once it grows past `maxBytes` (a chunked body has no Content-Length to check). */
export async function readText(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
