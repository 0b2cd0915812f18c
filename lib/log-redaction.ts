// The portal's logs carry no secrets and no personal data: every console line of the server process
// passes through redact(), whatever printed it (our handlers, Next.js, a library's error with its
// arguments). Installed once per process by instrumentation.ts. README "Privacy" → "Logs".
import { format } from "node:util";
import type { Env } from "@/lib/env";

const PATTERNS: [RegExp, string][] = [
  // Jitsi tokens, guest passes, session JWTs.
  [/eyJ[\w-]*\.[\w-]+\.[\w-]*/g, "[jwt]"],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "[email]"],
  // Invite links and calendar feeds carry their secret in the path.
  [/(\/(?:api\/)?(?:join|calendar)\/)[^\s/?#"'<>]+/g, "$1[secret]"],
  // Anything shaped like a key, a token or a hash of one (base64url or hex, 40+ characters).
  [/[A-Za-z0-9_-]{40,}/g, "[secret]"],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join("[secret]");
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** The server's secrets from its settings, removed verbatim wherever they would appear. */
export function secretValues(env: Env): string[] {
  const smtpPassword = env.SMTP_URL ? decodeURIComponent(new URL(env.SMTP_URL).password) : "";
  return [env.NEXTAUTH_SECRET, env.KEYCLOAK_CLIENT_SECRET, env.ROOM_NAME_SECRET, env.JITSI_APP_SECRET, env.RECORDINGS_MASTER_KEY, env.RECORDINGS_MASTER_KEY_PREVIOUS, env.RECORDINGS_INGEST_SECRET, smtpPassword].filter(
    (s): s is string => !!s,
  );
}

const METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;
let installed = false;

/** Wraps console's methods so whatever they print is redacted first; `secrets` are removed verbatim. */
export function installLogRedaction(secrets: readonly string[]) {
  if (installed) return;
  installed = true;
  for (const method of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(redact(format(...args), secrets));
  }
}
