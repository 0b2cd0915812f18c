// The ingest endpoint's signature: HMAC-SHA256 over what the finalize script knows before sending
// (docker/jibri/finalize.sh computes the same string with openssl). It covers the file's hash and
// size, so the body itself can stream: the server hashes while it encrypts and refuses a mismatch.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IngestHeaders } from "@/lib/validation/recording";

type Signed = Omit<IngestHeaders, "signature">;

export function ingestSignatureBase(h: Signed): string {
  return `v1.${h.timestamp}.${h.room}.${h.sha256}.${h.size}.${h.duration}`;
}

export function signIngest(secret: string, h: Signed): string {
  return createHmac("sha256", secret).update(ingestSignatureBase(h)).digest("hex");
}

/** A stale timestamp is refused even with a good signature: a captured request cannot be replayed later. */
export function checkIngestSignature(secret: string, h: IngestHeaders, nowSeconds: number, maxSkewSeconds: number): "ok" | "bad_signature" | "stale" {
  const expected = Buffer.from(signIngest(secret, h), "hex");
  if (!timingSafeEqual(expected, Buffer.from(h.signature, "hex"))) return "bad_signature";
  if (Math.abs(nowSeconds - Number(h.timestamp)) > maxSkewSeconds) return "stale";
  return "ok";
}
