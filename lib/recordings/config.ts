// Recording settings, from the environment for now (site policy may take over retention later).
import path from "node:path";
import { env } from "@/lib/env";
import { type MasterKey, masterKeyFrom } from "@/lib/recordings/crypto";
import { DirectoryStorage, type RecordingStorage } from "@/lib/recordings/storage";

/** 64 KiB: a seek decrypts at most this much extra, and the 16-byte tags cost 0.02 %. */
export const CHUNK_SIZE = 64 * 1024;

export const INGEST_MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * The stack's Jitsi asks everyone in a meeting for consent when a recording starts (recordings.
 * requireConsent in docker/jitsi-web/custom-config.js; docker/stack.test.ts holds the two together),
 * so each recording it hands over is noted as made under that rule.
 */
export const RECORDING_CONSENT_ASKED = true;

/** A live upload writes every few milliseconds: a temporary or unclaimed file this old is left over. */
export const STALE_WRITE_MS = 60 * 60 * 1000;

export class RecordingsNotConfigured extends Error {
  constructor() {
    super("Recordings are not configured: set RECORDINGS_MASTER_KEY (32 random bytes, e.g. openssl rand -base64 32).");
  }
}

export type MasterKeys = { current: MasterKey; previous: MasterKey | null };

/** The key new recordings are wrapped with, and the one before a rotation. */
export function masterKeys(): MasterKeys {
  if (!env.RECORDINGS_MASTER_KEY) throw new RecordingsNotConfigured();
  const previous = env.RECORDINGS_MASTER_KEY_PREVIOUS ? masterKeyFrom(env.RECORDINGS_MASTER_KEY_PREVIOUS) : null;
  return { current: masterKeyFrom(env.RECORDINGS_MASTER_KEY), previous };
}

let storage: RecordingStorage | undefined;
/** A directory on a volume; an S3-compatible store would be chosen here. */
export function recordingStorage(): RecordingStorage {
  storage ??= new DirectoryStorage(path.resolve(env.RECORDINGS_DIR));
  return storage;
}

export function ingestSecret(): string | null {
  return env.RECORDINGS_INGEST_SECRET ?? null;
}

/** The site's retention, or the meeting's own choice where that is shorter. */
export function retentionDays(meetingChoice: number | null): number {
  return Math.min(env.RECORDING_RETENTION_DAYS, meetingChoice ?? Number.POSITIVE_INFINITY);
}

export function siteRetentionDays(): number {
  return env.RECORDING_RETENTION_DAYS;
}
