import { describe, expect, it } from "vitest";
import { parseRange } from "@/lib/recordings/range";

describe("Range header", () => {
  it("serves the whole file without one, or for another unit", () => {
    expect(parseRange(null, 100)).toBe("full");
    expect(parseRange("items=0-5", 100)).toBe("full");
  });

  it("reads the forms a video element sends", () => {
    expect(parseRange("bytes=0-", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=10-19", 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange("bytes=90-500", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-500", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=99-99", 100)).toEqual({ start: 99, end: 99 });
  });

  it("refuses what cannot be satisfied or parsed", () => {
    for (const h of ["bytes=100-", "bytes=100-200", "bytes=20-10", "bytes=-0", "bytes=-", "bytes=a-b", "bytes=0-1,5-6", "bytes=99999999999999999-"]) {
      expect(parseRange(h, 100), h).toBe("unsatisfiable");
    }
  });
});
