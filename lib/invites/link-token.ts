// Invite-link tokens: 256 bits, derived as HMAC(secret, id + random salt) so owners can copy a link
// again later, while the database keeps only the salt and a SHA-256 of the token for lookup.
import { createHash, createHmac, randomBytes } from "node:crypto";

const SALT_BYTES = 16;
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkSalt(): string {
  return randomBytes(SALT_BYTES).toString("base64url");
}

export function linkToken(secret: string, linkId: string, salt: string): string {
  return createHmac("sha256", secret).update(`invite-link:v1:${linkId}:${salt}`).digest("base64url");
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
