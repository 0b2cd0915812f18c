import { describe, expect, it } from "vitest";
import { LINK_TOKEN, hashLinkToken, linkToken, newLinkSalt } from "@/lib/invites/link-token";

const secret = "a-secret-of-at-least-thirty-two-characters";

describe("invite link tokens", () => {
  it("are 256-bit base64url strings from a 128-bit random salt", () => {
    const salt = newLinkSalt();
    expect(Buffer.from(salt, "base64url")).toHaveLength(16);
    const token = linkToken(secret, "5f8a3c1e-0000-4000-8000-000000000001", salt);
    expect(token).toMatch(LINK_TOKEN);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("can be shown again from the row and the secret, but not from the row alone", () => {
    const salt = newLinkSalt();
    const id = "5f8a3c1e-0000-4000-8000-000000000001";
    expect(linkToken(secret, id, salt)).toBe(linkToken(secret, id, salt));
    expect(linkToken(`${secret}x`, id, salt)).not.toBe(linkToken(secret, id, salt));
    expect(linkToken(secret, id, newLinkSalt())).not.toBe(linkToken(secret, id, salt));
  });

  it("are stored as a SHA-256 that does not contain them", () => {
    const token = linkToken(secret, "id", newLinkSalt());
    const hash = hashLinkToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
  });
});
