"use client";
// Tells the portal the browser's time zone when it differs from the one on record (once per change).
import { useEffect } from "react";
import { rememberTimeZoneAction } from "@/lib/actions/profile";

export function TimeZoneReporter({ known }: { known: string | null }) {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone !== known) void rememberTimeZoneAction(zone);
  }, [known]);
  return null;
}
