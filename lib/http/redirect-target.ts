// Every redirect to a target taken from a request goes through here (login's callbackUrl, next-auth's
// redirect callback): resolved against the portal's own origin, kept only if it stays there.
export const DEFAULT_TARGET = "/meetings";

// Backslashes count as slashes to browsers ("/\evil.test" is another host), control characters and
// whitespace are stripped by URL parsers ("\t/evil") or break the Location header (a 500).
const UNSAFE = /[\\\u0000-\u0020\u007f-\u009f]/;

/**
 * The path (with query and hash) to send the caller to: `raw` when it is a path on `origin` or an
 * absolute URL on it, otherwise /meetings. Never throws, and the result is always a safe header value.
 */
export function redirectTarget(raw: unknown, origin: string): string {
  if (typeof raw !== "string" || raw === "") return DEFAULT_TARGET;
  // Decoded once more too: "/%5Cevil" must not become "/\evil" in a later hop.
  const decoded = safeDecode(raw);
  if (decoded === null || UNSAFE.test(raw) || UNSAFE.test(decoded)) return DEFAULT_TARGET;
  // A path, or an absolute URL; nothing relative to wherever the caller happens to be.
  if (!raw.startsWith("/") && !/^https?:\/\//i.test(raw)) return DEFAULT_TARGET;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return DEFAULT_TARGET;
  }
  if (url.origin !== new URL(origin).origin) return DEFAULT_TARGET;
  const path = url.pathname + url.search + url.hash;
  // "//host" in the path of a same-origin absolute URL would leave as a protocol-relative Location.
  return path.startsWith("//") || /^\/%2f/i.test(path) ? DEFAULT_TARGET : path;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
