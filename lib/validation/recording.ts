// Recording inputs: the ingest request's headers (from Jibri's finalize script), ids from URLs, and
// the owner's retention choice.
import { z } from "zod";

export const recordingId = z.uuid({ error: "That is not a valid recording id." });

/** Kept as the strings that were signed; numbers are read from them after the signature checks. */
export const ingestHeaders = z.object({
  room: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, "room: a Jitsi room name"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256: 64 lower-case hex characters"),
  size: z.string().regex(/^[1-9][0-9]{0,15}$/, "size: a positive number of bytes"),
  timestamp: z.string().regex(/^[0-9]{1,12}$/, "timestamp: Unix seconds"),
  duration: z.string().regex(/^(?:[0-9]{1,9}(?:\.[0-9]{1,9})?)?$/, "duration: seconds, or empty").default(""),
  signature: z.string().regex(/^[0-9a-f]{64}$/, "signature: HMAC-SHA256 in lower-case hex"),
});
export type IngestHeaders = z.infer<typeof ingestHeaders>;

export function readIngestHeaders(headers: Headers) {
  const get = (name: string) => headers.get(`x-recording-${name}`) ?? undefined;
  return ingestHeaders.safeParse({
    room: get("room")?.toLowerCase(),
    sha256: get("sha256")?.toLowerCase(),
    size: get("size"),
    timestamp: get("timestamp"),
    duration: get("duration"),
    signature: get("signature")?.toLowerCase(),
  });
}

export const retentionInput = (maxDays: number) =>
  z.object({
    // Empty: the site's setting.
    days: z.preprocess(
      (v) => (v === "" || v === undefined ? null : v),
      z.coerce
        .number({ error: "Give a number of days" })
        .int("Give a whole number of days")
        .min(1, "Keep recordings at least 1 day")
        .max(maxDays, `The site keeps recordings at most ${maxDays} days`)
        .nullable(),
    ),
  });
