// What the server logs is redacted: tokens, secrets, invite and feed links, addresses.
import { afterEach, describe, expect, it, vi } from "vitest";
import { installLogRedaction, redact } from "@/lib/log-redaction";

const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb29tIjoiYWJjIn0.c2lnbmF0dXJlLWhlcmUtbm90LXJlYWw";
const TOKEN = "Qm9ndXMtaW52aXRlLXRva2VuLW9mLTQzLWNoYXJzLXh4";

describe("redact", () => {
  it("removes tokens, links, addresses and known secrets, keeps the rest readable", () => {
    const line = `POST /api/join/${TOKEN}/token failed for Erin <erin@example.test>: jwt ${JWT}, key s3cr3t-value-xyz; GET /api/calendar/abc123 404`;
    const out = redact(line, ["s3cr3t-value-xyz"]);
    expect(out).toBe("POST /api/join/[secret]/token failed for Erin <[email]>: jwt [jwt], key [secret]; GET /api/calendar/[secret] 404");
  });

  it("redacts hex keys and hashes, leaves ids and ordinary words", () => {
    const hex = "a".repeat(64);
    expect(redact(`key ${hex} meeting 3f2b6a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b ok`)).toBe("key [secret] meeting 3f2b6a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b ok");
    expect(redact("/join/abc shows a page")).toBe("/join/[secret] shows a page");
  });
});

describe("installLogRedaction", () => {
  afterEach(() => vi.restoreAllMocks());

  it("redacts what console.error prints, objects and errors included", () => {
    const written: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void written.push(a.join(" ")));
    installLogRedaction(["the-server-secret-value"]);
    console.error("mail to", { to: "guest@example.test" }, new Error(`bad the-server-secret-value ${JWT}`));
    expect(written[0]).toContain("[email]");
    expect(written[0]).not.toMatch(/guest@example\.test|the-server-secret-value|eyJ/);
  });
});
