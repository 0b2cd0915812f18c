// HTTP Range requests (RFC 9110 §14) for playback: a video element seeks with `bytes=start-` and
// `bytes=start-end`. One range per request; anything else in the bytes unit is answered with 416.

export type ByteRange = { start: number; end: number };

/** "full" when there is no Range (or another unit, which the RFC lets a server ignore). */
export function parseRange(header: string | null, size: number): ByteRange | "full" | "unsatisfiable" {
  if (!header) return "full";
  const spec = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!spec) return "full";
  const parts = /^(\d{0,16})-(\d{0,16})$/.exec(spec[1]!.trim());
  if (!parts || (!parts[1] && !parts[2])) return "unsatisfiable";
  if (!parts[1]) {
    const suffix = Number(parts[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(parts[1]);
  const end = parts[2] ? Math.min(Number(parts[2]), size - 1) : size - 1;
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
