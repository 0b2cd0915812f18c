"use client";
// The conference's life in the page, shared by employees' and guests' pages: fetch a ticket (room +
// short-lived token), embed the conference, check the rights again before the token runs out, and
// rejoin with a fresh ticket when Jitsi refuses the token or the connection breaks, a bounded number
// of times. Whatever fails, the page says what and offers a way on; it is never a black box.
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { ConferenceFrame, type LoadFailure } from "@/components/conference-frame";
import { Button, buttonClass } from "@/components/ui/button";
import type { ConferenceTicket } from "@/lib/jitsi/conference";
import { RECHECK_BEFORE_EXPIRY_MS, RENEWAL_LIMIT, type Refusal, renewalRefused } from "@/lib/jitsi/conference-events";

type Failure = LoadFailure | "auth" | "connection";

type Phase =
  | { kind: "loading" }
  | { kind: "live"; ticket: ConferenceTicket; attempt: number; rejoin: boolean }
  | { kind: "notice"; title: string; text: string; retry?: "rejoin" | "reload" }
  | { kind: "left" }
  | { kind: "ended"; byMe: boolean };

type TicketResult = { ok: true; ticket: ConferenceTicket } | { ok: false; refusal: Refusal | null };

export function JitsiRoom({ tokenUrl, backHref, displayNameLocked }: { tokenUrl: string; backHref: string; displayNameLocked: boolean }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const renewals = useRef(0);
  const attempts = useRef(0);

  const enter = useCallback(
    async (rejoin: boolean) => {
      const result = await requestTicket(tokenUrl);
      if (result.ok) {
        setPhase({ kind: "live", ticket: result.ticket, attempt: ++attempts.current, rejoin });
      } else if (!result.refusal) {
        setPhase({ kind: "notice", title: "The portal cannot be reached", text: "Check your connection, then try again.", retry: "rejoin" });
      } else {
        // First entry: the route's own words; a rejoin: what changed since they were let in.
        const notice = rejoin ? renewalRefused(result.refusal) : { title: "You cannot join", text: result.refusal.message };
        setPhase({ kind: "notice", ...notice });
      }
    },
    [tokenUrl],
  );

  useEffect(() => {
    void enter(false);
  }, [enter]);

  const rejoin = useCallback(
    (cause: "auth" | "connection") => {
      if (renewals.current >= RENEWAL_LIMIT) return setPhase(failureNotice(cause));
      renewals.current += 1;
      setPhase({ kind: "loading" });
      void enter(true);
    },
    [enter],
  );

  const retry = (how: "rejoin" | "reload") => {
    // The SDK keeps a failed external_api.js load for the page's life: only a reload fetches it again.
    if (how === "reload") return window.location.reload();
    renewals.current = 0;
    setPhase({ kind: "loading" });
    void enter(true);
  };

  useRightsRecheck(phase, tokenUrl, (refusal) => setPhase({ kind: "notice", ...renewalRefused(refusal) }));

  switch (phase.kind) {
    case "loading":
      return (
        <p role="status" className="text-slate-500">
          {renewals.current > 0 ? "Reconnecting to the meeting…" : "Preparing your conference…"}
        </p>
      );
    case "notice":
      return <Notice title={phase.title} text={phase.text} backHref={backHref} onRetry={phase.retry && (() => retry(phase.retry!))} retryLabel="Try again" />;
    case "left":
      return <Notice title="You left the meeting" text="" backHref={backHref} onRetry={() => retry("rejoin")} retryLabel="Rejoin" />;
    case "ended":
      return <Notice title={phase.byMe ? "You ended the meeting for everyone" : "The meeting was ended for everyone"} text="A moderator closed the conference." backHref={backHref} />;
    case "live":
      return (
        <ConferenceFrame
          key={phase.attempt}
          ticket={phase.ticket}
          rejoin={phase.rejoin}
          displayNameLocked={displayNameLocked}
          onJoined={() => (renewals.current = 0)}
          onStalled={(stage) => setPhase({ ...failureNotice(stage, phase.ticket.domain) })}
          onLeft={() => setPhase({ kind: "left" })}
          onEnded={(byMe) => setPhase({ kind: "ended", byMe })}
          onReaction={(r) =>
            r.kind === "renew" ? rejoin(r.cause) : setPhase({ kind: "notice", title: "You were not let in", text: "A moderator declined your request to join." })
          }
        />
      );
  }
}

/**
 * While in the conference, ask for a fresh ticket shortly before the token expires: the rights are
 * checked again, and someone removed, suspended or whose link was revoked leaves the conference
 * instead of staying until their next reconnect.
 */
function useRightsRecheck(phase: Phase, tokenUrl: string, onRevoked: (r: Refusal) => void) {
  const revoked = useRef(onRevoked);
  revoked.current = onRevoked;
  const expiresAt = phase.kind === "live" ? phase.ticket.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return;
    let timer = 0;
    let live = true;
    const later = (ms: number) => (timer = window.setTimeout(check, Math.max(5_000, ms)));
    const beforeExpiry = (at: string) => later(Date.parse(at) - Date.now() - RECHECK_BEFORE_EXPIRY_MS);
    const check = async () => {
      const result = await requestTicket(tokenUrl);
      if (!live) return;
      if (result.ok) return result.ticket.expiresAt && beforeExpiry(result.ticket.expiresAt);
      if (result.refusal && renewalRefused(result.refusal).revoked) return revoked.current(result.refusal);
      later(30_000); // the portal is unreachable or busy: the conference goes on; ask again soon
    };
    beforeExpiry(expiresAt);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [expiresAt, tokenUrl]);
}

async function requestTicket(tokenUrl: string): Promise<TicketResult> {
  try {
    const res = await fetch(tokenUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    const json = await res.json().catch(() => null);
    if (res.ok) return { ok: true, ticket: json as ConferenceTicket };
    const error = json?.error ?? {};
    return { ok: false, refusal: { status: res.status, code: String(error.code ?? "unknown"), message: String(error.message ?? "You cannot join this meeting.") } };
  } catch {
    return { ok: false, refusal: null };
  }
}

function failureNotice(failure: Failure, domain = "The video service"): Extract<Phase, { kind: "notice" }> {
  const notice = (title: string, text: string, retry: "rejoin" | "reload") => ({ kind: "notice" as const, title, text, retry });
  switch (failure) {
    case "script":
      return notice(
        "The video service cannot be reached",
        `${domain} did not answer. Your meeting is fine; the conference server may be restarting or blocked by your network. Try again in a moment, or contact your IT support if it persists.`,
        "reload",
      );
    case "frame":
      return notice("The conference page did not load", `${domain} did not send its conference page. The server may be overloaded or restarting; try again in a moment.`, "rejoin");
    case "join":
      return notice("The conference did not start", "The video service loaded but never let you in. Try again; if it keeps happening, tell your IT support.", "rejoin");
    case "auth":
      return notice(
        "The video service refused your access",
        "Jitsi did not accept the portal's access token, even freshly issued ones. The portal's and Jitsi's token settings (secret, issuer, audience) or their clocks probably differ: tell your IT support.",
        "rejoin",
      );
    case "connection":
      return notice("The connection to the meeting was lost", `It broke ${RENEWAL_LIMIT} times in a row. Check your network, then try again.`, "rejoin");
  }
}

function Notice({ title, text, backHref, onRetry, retryLabel }: { title: string; text: string; backHref: string; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div role="alert" className="max-w-xl space-y-4 rounded-lg bg-white p-6 shadow-sm dark:bg-slate-900">
      <h1 className="text-xl font-semibold">{title}</h1>
      {text && <p className="text-slate-600 dark:text-slate-300">{text}</p>}
      <div className="flex gap-3">
        {onRetry && <Button onClick={onRetry}>{retryLabel}</Button>}
        <Link href={backHref} className={buttonClass("secondary")}>
          Back to the meeting
        </Link>
      </div>
    </div>
  );
}
