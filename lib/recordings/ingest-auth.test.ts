import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkIngestSignature, signIngest } from "@/lib/recordings/ingest-auth";

const SECRET = "an-ingest-secret-of-at-least-32-characters";
const NOW = 1_800_000_000;
const claim = { timestamp: String(NOW), room: "a".repeat(40), sha256: "b".repeat(64), size: "12345", duration: "" };

describe("ingest signature", () => {
  it("accepts what was signed with the secret, within the clock skew", () => {
    const signature = signIngest(SECRET, claim);
    expect(checkIngestSignature(SECRET, { ...claim, signature }, NOW + 299, 300)).toBe("ok");
  });

  it("refuses another secret, and any changed field", () => {
    const signature = signIngest(SECRET, claim);
    expect(checkIngestSignature(`${SECRET}x`, { ...claim, signature }, NOW, 300)).toBe("bad_signature");
    for (const change of [{ room: "c".repeat(40) }, { sha256: "c".repeat(64) }, { size: "12346" }, { duration: "3.5" }, { timestamp: String(NOW + 1) }]) {
      expect(checkIngestSignature(SECRET, { ...claim, ...change, signature }, NOW, 300), JSON.stringify(change)).toBe("bad_signature");
    }
  });

  it("refuses a replay once the timestamp is old", () => {
    const signature = signIngest(SECRET, claim);
    expect(checkIngestSignature(SECRET, { ...claim, signature }, NOW + 301, 300)).toBe("stale");
    expect(checkIngestSignature(SECRET, { ...claim, signature }, NOW - 301, 300)).toBe("stale");
  });

  it("is what openssl computes, as docker/jibri/finalize.sh calls it", () => {
    const base = `v1.${claim.timestamp}.${claim.room}.${claim.sha256}.${claim.size}.${claim.duration}`;
    const openssl = execFileSync("openssl", ["dgst", "-sha256", "-hmac", SECRET, "-r"], { input: base }).toString().split(" ")[0];
    expect(openssl).toBe(signIngest(SECRET, claim));
  });
});
