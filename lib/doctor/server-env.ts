// The running server's settings as the plain string record runDoctor takes. lib/env.ts stays the only
// reader of process.env: this turns its validated `env` back into strings (numbers and defaults
// included), so the admin page checks exactly the values the server runs with.
import "server-only";
import { env } from "@/lib/env";

export function serverEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === undefined || value === null ? undefined : String(value)]),
  );
}
