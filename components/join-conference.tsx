"use client";
// Before the meeting opens: a waiting page that counts down and joins by itself; then the conference.
import { useEffect, useState } from "react";
import { JitsiRoom } from "@/components/jitsi-room";

export function JoinConference({ tokenUrl, opensAt, who, backHref }: { tokenUrl: string; opensAt: string; who: string; backHref?: string }) {
  const opens = new Date(opensAt).getTime();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    // Ticks only until the meeting opens: the conference below must not re-render every second.
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= opens) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [opens]);

  if (now === null) return null;
  if (now < opens) {
    return (
      <div role="status" className="max-w-md space-y-2 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900" data-testid="waiting">
        <h2 className="text-lg font-semibold">You are early, {who}</h2>
        <p className="text-slate-600 dark:text-slate-300">
          The meeting opens in <span data-testid="countdown">{countdown(opens - now)}</span>. Keep this page open: you will join
          automatically.
        </p>
      </div>
    );
  }
  return <JitsiRoom tokenUrl={tokenUrl} backHref={backHref ?? (typeof window === "undefined" ? "/" : window.location.pathname)} displayNameLocked />;
}

function countdown(ms: number) {
  const s = Math.ceil(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return d > 0 ? `${d} day${d === 1 ? "" : "s"} ${h} h` : h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${sec} s` : `${sec} s`;
}
