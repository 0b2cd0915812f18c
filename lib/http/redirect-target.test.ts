import { describe, expect, it } from "vitest";
import { DEFAULT_TARGET, redirectTarget } from "./redirect-target";

const origin = "https://portal.example.org";

describe("redirectTarget", () => {
  it.each([
    ["/meetings/abc?x=1#h", "/meetings/abc?x=1#h"],
    ["/admin", "/admin"],
    ["https://portal.example.org/calendar", "/calendar"],
    ["/caf%C3%A9", "/caf%C3%A9"],
  ])("keeps %s on the portal", (raw, expected) => expect(redirectTarget(raw, origin)).toBe(expected));

  // Issue 14: values that start with "/" but that a browser resolves to another host, and values that made a 500.
  it.each([
    "//evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "/%5Cevil.test",
    "/%5cevil.test",
    "/%2F%2Fevil.test",
    "\t/evil.test",
    "/\t/evil.test",
    " /evil",
    "/evil\r\nSet-Cookie: x=1",
    "/\u0000",
    "/\u0085x",
    "https://evil.test/meetings",
    "http://portal.example.org/meetings",
    "https://portal.example.org.evil.test/",
    "https://portal.example.org//evil.test",
    "javascript:alert(1)",
    "evil.test",
    "/%E0%A4%A",
    "",
  ])("refuses %j", (raw) => expect(redirectTarget(raw, origin)).toBe(DEFAULT_TARGET));

  it("refuses anything but a string", () => {
    for (const raw of [undefined, null, ["/a", "/b"], 1]) expect(redirectTarget(raw, origin)).toBe(DEFAULT_TARGET);
  });

  it("always returns a value a Location header accepts", () => {
    for (const raw of ["/ü?ß=✓", "/a b", "/😀"]) {
      const target = redirectTarget(raw, origin);
      expect(() => new Headers({ Location: target })).not.toThrow();
      expect(target.startsWith("/") && !target.startsWith("//")).toBe(true);
    }
  });
});
