"use client";
// Shows an instant in the viewer's own time zone. The server cannot know that zone, so it renders
// the organiser's zone (named) and the browser replaces it after hydration.
import { useEffect, useState } from "react";

type Props = { iso: string; fallbackZone: string; endIso?: string };

export function LocalTime({ iso, fallbackZone, endIso }: Props) {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return (
    <time dateTime={iso} data-testid="local-time">
      {format(iso, endIso, zone ?? fallbackZone)}
    </time>
  );
}

function format(iso: string, endIso: string | undefined, timeZone: string) {
  const start = new Date(iso);
  const date = new Intl.DateTimeFormat(undefined, { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric" });
  const time = new Intl.DateTimeFormat(undefined, { timeZone, hour: "2-digit", minute: "2-digit" });
  const range = endIso ? `${time.format(start)}–${time.format(new Date(endIso))}` : time.format(start);
  return `${date.format(start)}, ${range} (${timeZone})`;
}
