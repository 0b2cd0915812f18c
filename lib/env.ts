// The only reader of process.env: every setting is validated once, at boot, and typed from here on.
import { z } from "zod";

const PLACEHOLDER = /^(change-?me|changeme|secret|password|xxx+|todo|placeholder)$|dev-.*-not-for-production/i;
const secret = (name: string) =>
  z.string({ error: `${name} is required` }).min(32, `${name} must be at least 32 characters`);

const fields = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({ error: "DATABASE_URL must be a postgres:// URL" }),
  // Connections each portal process may open (pg's default: 10). The quick start's embedded
  // database serves one session, so it sets 1 (lib/db/embedded.ts).
  // Empty (as Compose passes an unset value) means pg's default.
  DATABASE_POOL_MAX: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(100).optional()),
  NEXTAUTH_URL: z.url({ error: "NEXTAUTH_URL must be the portal's public URL" }),
  NEXTAUTH_SECRET: secret("NEXTAUTH_SECRET"),
  KEYCLOAK_ISSUER: z.url({ error: "KEYCLOAK_ISSUER must be https://<keycloak>/realms/<realm>" }),
  KEYCLOAK_CLIENT_ID: z.string().min(1),
  KEYCLOAK_CLIENT_SECRET: z.string().min(16, "KEYCLOAK_CLIENT_SECRET must be at least 16 characters"),
  // Keyed hash that turns a meeting id into its Jitsi room; losing it renames every room.
  ROOM_NAME_SECRET: secret("ROOM_NAME_SECRET"),
  JITSI_DOMAIN: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "JITSI_DOMAIN is a host name such as meet.example.org").default("meet.jit.si"),
  JITSI_APP_ID: z.string().min(1).default("meeting-portal"),
  // Absent only in demo mode: then the public Jitsi domain is used without tokens.
  JITSI_APP_SECRET: secret("JITSI_APP_SECRET").optional(),
  JITSI_AUDIENCE: z.string().min(1).default("jitsi"),
  // Prosody compares `sub` with its XMPP domain (meet.jitsi in docker-jitsi-meet) or accepts "*".
  JITSI_XMPP_DOMAIN: z.string().min(1).default("meet.jitsi"),
  ORGANISATION_NAME: z.string().min(1).default("Meeting portal"),
  // The IdP's groups, comma-separated, suggested in group shares before anyone of them has signed in
  // (the quick start sets it from its realm). Groups seen on people at sign-in are suggested anyway.
  REALM_GROUPS: z.preprocess((v) => (typeof v === "string" ? v.split(",").map((g) => g.trim()).filter(Boolean) : v), z.array(z.string()).optional()),
  // Guests may enter this many minutes before the start; earlier they see a waiting page.
  JOIN_OPENS_MINUTES_BEFORE: z.coerce.number().int().min(0).max(24 * 60).default(10),
  // A meeting's room closes this long after its scheduled end (Prosody's mod_portal_room_end warns
  // five minutes before); no token is issued for it afterwards.
  ROOM_CLOSES_MINUTES_AFTER_END: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
  // An invite link's default expiry is the meeting's end plus this grace; no link outlives the maximum.
  INVITE_GRACE_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(120),
  INVITE_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // Requests to invite-link pages and their token route, per client address and per link.
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_PER_LINK_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  // Token requests per minute, per signed-in person and per client address (an office behind one
  // NAT shares an address); a reload or a renewal takes one each.
  RATE_LIMIT_TOKENS_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_TOKENS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // Proxies in front of the portal that append to X-Forwarded-For (Caddy in the Compose stack: 1).
  // 0: the portal is reached directly and only the socket address counts (lib/http/client-address.ts).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // ---- Recordings (read through lib/recordings/config.ts; README "Recordings") ----
  // 32 random bytes (64 hex characters, or base64) that wrap every recording's own key. Without it
  // the portal stores no recordings; without its backup, stored recordings cannot be read. A key of
  // one repeated character is a placeholder (all zeros, "AAAA…=") and is refused.
  RECORDINGS_MASTER_KEY: z.string().regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "RECORDINGS_MASTER_KEY must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)").refine((v) => !/^(.)\1*=?$/.test(v), "RECORDINGS_MASTER_KEY is a placeholder; generate one with openssl rand -base64 32").optional(),
  // The master key before a rotation, read until `npm run recordings:rotate-key` has re-wrapped every
  // recording's key with the new one. Empty (as Compose passes an unset value) means none.
  RECORDINGS_MASTER_KEY_PREVIOUS: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "RECORDINGS_MASTER_KEY_PREVIOUS must be 32 bytes as 64 hex characters or base64").optional()),
  // Encrypted recordings live here (a volume in the Docker stack); relative to the working directory.
  RECORDINGS_DIR: z.string().min(1).default(".data/recordings"),
  // HMAC key Jibri's finalize script signs each upload with; without it the ingest endpoint answers 404.
  RECORDINGS_INGEST_SECRET: secret("RECORDINGS_INGEST_SECRET").optional(),
  // ---- Presence (README "Presence and attendance") ----
  // Bearer secret Prosody's event_sync component sends with each room and occupant event
  // (docker/prosody/portal-events.cfg.lua); without it the events endpoint answers 404.
  PROSODY_EVENTS_SECRET: z.preprocess((v) => (v === "" ? undefined : v), secret("PROSODY_EVENTS_SECRET").optional()),
  // Days a recording is kept; a meeting's owner may choose fewer.
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  // ---- Calendars and email (lib/mail/, lib/calendar/; README "Calendars and email") ----
  // smtp://user:pass@host:587 or smtps://…:465. Unset: mail stays queued; outside production the
  // /outbox page shows it. Empty (as Compose passes an unset value) means none.
  SMTP_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be smtp://… or smtps://…" }).optional()),
  // The From header of every mail; no line breaks, so it cannot smuggle in headers.
  MAIL_FROM: z.string().min(3).regex(/^[^\r\n]+$/, "MAIL_FROM must be one line").default("Meeting portal <no-reply@localhost>"),
  // How often each instance looks for due reminders and mail to send.
  MAIL_WORKER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
});

const schema = fields.superRefine((e, ctx) => {
  if (e.NODE_ENV !== "production") return;
  if (!e.JITSI_APP_SECRET) ctx.addIssue({ code: "custom", path: ["JITSI_APP_SECRET"], message: "JITSI_APP_SECRET is required in production (demo mode is for trying the portal only)" });
  for (const key of ["NEXTAUTH_SECRET", "KEYCLOAK_CLIENT_SECRET", "ROOM_NAME_SECRET", "JITSI_APP_SECRET"] as const) {
    const value = e[key];
    if (value && PLACEHOLDER.test(value)) ctx.addIssue({ code: "custom", path: [key], message: `${key} is a placeholder; run docker/init.sh to generate one` });
  }
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseWith(schema, source);
}

// Only the token settings, with the secret required: for tools that sign a token without the rest of
// the portal's settings or its database (npm run jitsi:token, the doctor's Prosody probe).
const jitsiFields = fields.pick({ JITSI_APP_ID: true, JITSI_APP_SECRET: true, JITSI_AUDIENCE: true, JITSI_XMPP_DOMAIN: true }).required({ JITSI_APP_SECRET: true });
export type JitsiEnv = z.infer<typeof jitsiFields>;

export function parseJitsiEnv(source: Record<string, string | undefined>): JitsiEnv {
  return parseWith(jitsiFields, source);
}

/** The token settings of this process's environment alone (lib/env.ts stays the only reader of process.env). */
export const jitsiEnv = (): JitsiEnv => parseJitsiEnv(process.env);

function parseWith<S extends z.ZodType>(s: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = s.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return result.data;
}

// `next build` imports route modules without runtime secrets (docker image builds); the running
// server validates for real at startup through next.config.ts.
export const env: Env =
  process.env.SKIP_ENV_VALIDATION === "1" ? (process.env as unknown as Env) : parseEnv(process.env);

export const demoMode = !env.JITSI_APP_SECRET;
