import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** `Authorization: Bearer <secret>`, compared in constant time (hashes make the lengths equal). */
export function bearerMatches(header: string | null, secret: string): boolean {
  const m = header ? /^Bearer (.+)$/.exec(header) : null;
  return m !== null && timingSafeEqual(digest(m[1]!), digest(secret));
}
