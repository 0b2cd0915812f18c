"use client";
// Shows an instant in the viewer's own time zone and language. The server knows neither, so the
// server and the browser's first (hydrating) render both use the organiser's zone (named) in one
// fixed locale; only after hydration does the browser switch to its own. Formatting in the
// browser's locale straight away made hydration fail (React #418) for de-DE or en-GB browsers.
import { useEffect, useState } from "react";

type Props = { iso: string; fallbackZone: string; endIso?: string };

export function LocalTime({ iso, fallbackZone, endIso }: Props) {
  return (
    <time dateTime={iso} data-testid="local-time">
      {formatInstant(useViewerZone(), iso, endIso, fallbackZone)}
    </time>
  );
}

/** The browser's zone once hydrated, null before (and on the server). One per list, not one per row. */
export function useViewerZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return zone;
}

/** An instant (or a range) as LocalTime shows it: in `zone` once known, until then in the fallback zone and a fixed locale. */
export function formatInstant(zone: string | null, iso: string, endIso: string | undefined, fallbackZone: string) {
  return zone ? format(iso, endIso, zone, undefined) : format(iso, endIso, fallbackZone, HYDRATION_LOCALE);
}

const HYDRATION_LOCALE = "en-GB";

function format(iso: string, endIso: string | undefined, timeZone: string, locale: string | undefined) {
  const start = new Date(iso);
  const { date, time } = formatsFor(locale, timeZone);
  const range = endIso ? `${time.format(start)}–${time.format(new Date(endIso))}` : time.format(start);
  return `${date.format(start)}, ${range} (${timeZone})`;
}

// Building an Intl.DateTimeFormat costs far more than using one, and a list renders many rows in a
// few zones: one pair per locale and zone, kept (a server renders in a few zones only, and a browser in its own).
const formats = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formatsFor(locale: string | undefined, timeZone: string) {
  const key = `${locale ?? ""}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat(locale, { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric" }),
      time: new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }),
    };
    formats.set(key, f);
  }
  return f;
}
