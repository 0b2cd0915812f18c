// POST /api/internal/recordings — Jibri's finalize script hands over a finished recording
// (docker/jibri/finalize.sh). Internal only: Caddy answers 404 for /api/internal/* from outside, and
// every request carries an HMAC over its room, hash, size and time (lib/recordings/ingest-auth.ts).
// The body streams straight into encryption; nothing is buffered whole.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { NextResponse } from "next/server";
import { handleRoute, jsonError } from "@/lib/errors";
import { INGEST_MAX_CLOCK_SKEW_SECONDS, RecordingsNotConfigured, ingestSecret } from "@/lib/recordings/config";
import { IngestMismatch, ingestRecording } from "@/lib/recordings/ingest";
import { checkIngestSignature } from "@/lib/recordings/ingest-auth";
import { readIngestHeaders } from "@/lib/validation/recording";

export async function POST(req: Request) {
  return handleRoute(async () => {
    const secret = ingestSecret();
    // Without a secret nobody can sign, so the endpoint might as well not exist.
    if (!secret) return jsonError(404, "not_found", "Not found.");
    const headers = readIngestHeaders(req.headers);
    if (!headers.success) return jsonError(400, "bad_request", headers.error.issues.map((i) => i.message).join("; "));
    const check = checkIngestSignature(secret, headers.data, Math.floor(Date.now() / 1000), INGEST_MAX_CLOCK_SKEW_SECONDS);
    if (check !== "ok") return jsonError(401, check, check === "stale" ? "The request is too old (or the clocks differ)." : "The signature does not match.");
    if (!req.body) return jsonError(400, "bad_request", "The recording is missing.");
    const { room, sha256, size, duration } = headers.data;
    try {
      const result = await ingestRecording({
        room,
        sha256,
        size: Number(size),
        durationSeconds: duration ? Number(duration) : null,
        body: Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>),
      });
      if (result.status === "unknown_room") return jsonError(404, "unknown_room", "No meeting has this room.");
      return NextResponse.json(result, { status: result.status === "created" ? 201 : 200, headers: { "Cache-Control": "no-store" } });
    } catch (e) {
      if (e instanceof RecordingsNotConfigured) return jsonError(503, "not_configured", e.message);
      if (e instanceof IngestMismatch) return jsonError(422, "mismatch", e.message);
      throw e;
    }
  });
}
