// Signatures as the Standard Webhooks specification defines them (standardwebhooks.com): headers
// webhook-id, webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 HMAC-SHA256>" over
// "<id>.<timestamp>.<body>", keyed with the base64 part of a "whsec_" secret. Receivers can verify with
// any of that specification's libraries, and refuse old timestamps to stop replays.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

const keyBytes = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ""), "base64");

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", keyBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** What a receiver does (used by the tests' receiver): any listed v1 signature matches, in constant time. */
export function verifyWebhook(secret: string, headers: { id: string; timestamp: string; signature: string }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!/^\d+$/.test(headers.timestamp) || Math.abs(nowSeconds - Number(headers.timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(" ").some((s) => {
    const got = Buffer.from(s);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// Secrets at rest: AES-256-GCM under a key derived from ROOM_NAME_SECRET (which never changes: it
// names every room), so a copy of the database alone cannot sign as the portal.
function atRestKey(serverSecret: string) {
  return Buffer.from(hkdfSync("sha256", serverSecret, Buffer.alloc(0), "meeting-portal webhook secrets", 32));
}

export function sealWebhookSecret(serverSecret: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", atRestKey(serverSecret), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, data, cipher.getAuthTag()]).toString("base64");
}

export function openWebhookSecret(serverSecret: string, sealed: string): string {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", atRestKey(serverSecret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
}
