"use client";
// Fetches a fresh ticket (room + token) from the portal, then embeds the conference. Shared by
// employees' meeting pages and guests' invitation pages.
import { JitsiMeeting } from "@jitsi/react-sdk";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import type { ConferenceTicket } from "@/lib/jitsi/conference";
import { jitsiConfigOverwrite, jitsiInterfaceOverwrite } from "@/lib/jitsi/embed-config";

type State =
  | { kind: "loading" }
  | { kind: "refused"; message: string }
  | { kind: "ready"; ticket: ConferenceTicket }
  | { kind: "unreachable"; domain: string }
  | { kind: "left" };

// external_api.js normally loads in well under a second; past this, Jitsi is treated as down.
const LOAD_TIMEOUT_MS = 20_000;

type JitsiApi = { executeCommand(name: string, ...args: unknown[]): void; addListener(event: string, fn: (e: { isFatal?: boolean }) => void): void };

export function JitsiRoom({ tokenUrl, backHref, displayNameLocked, body }: { tokenUrl: string; backHref: string; displayNameLocked: boolean; body?: unknown }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    fetch(tokenUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}) })
      .then(async (res) => {
        const json = await res.json().catch(() => null);
        if (!live) return;
        if (res.ok) setState({ kind: "ready", ticket: json as ConferenceTicket });
        else setState({ kind: "refused", message: json?.error?.message ?? "You cannot join this meeting." });
      })
      .catch(() => live && setState({ kind: "refused", message: "The portal could not be reached. Check your connection." }));
    return () => {
      live = false;
    };
  }, [tokenUrl, body, attempt]);

  if (state.kind === "loading") return <p className="text-slate-500">Preparing your conference…</p>;
  if (state.kind === "refused") return <Notice title="You cannot join" text={state.message} backHref={backHref} />;
  if (state.kind === "left") return <Notice title="You left the meeting" text="" backHref={backHref} onRetry={() => setAttempt((n) => n + 1)} retryLabel="Rejoin" />;
  if (state.kind === "unreachable")
    return (
      <Notice
        title="The video service cannot be reached"
        text={`${state.domain} did not answer. Your meeting is fine; the conference server may be restarting or blocked by your network. Try again in a moment, or contact your IT support if it persists.`}
        backHref={backHref}
        onRetry={() => window.location.reload()}
        retryLabel="Try again"
      />
    );
  return <Conference ticket={state.ticket} displayNameLocked={displayNameLocked} onUnreachable={() => setState({ kind: "unreachable", domain: state.ticket.domain })} onLeft={() => setState({ kind: "left" })} />;
}

function Conference({ ticket, displayNameLocked, onUnreachable, onLeft }: { ticket: ConferenceTicket; displayNameLocked: boolean; onUnreachable: () => void; onLeft: () => void }) {
  const [ready, setReady] = useState(false);
  const config = useMemo(() => jitsiConfigOverwrite({ subject: ticket.subject, displayNameLocked }), [ticket.subject, displayNameLocked]);
  const userInfo = useMemo(() => ({ displayName: ticket.displayName, email: "" }), [ticket.displayName]);

  useEffect(() => {
    if (ready) return;
    // The SDK swallows a failed external_api.js load; watch for it (capture phase sees resource errors).
    const onError = (e: Event) => {
      const src = (e.target as HTMLScriptElement | null)?.src ?? "";
      if (src.includes(`${ticket.domain}/external_api.js`)) onUnreachable();
    };
    window.addEventListener("error", onError, true);
    const timer = window.setTimeout(onUnreachable, LOAD_TIMEOUT_MS);
    return () => {
      window.removeEventListener("error", onError, true);
      window.clearTimeout(timer);
    };
  }, [ready, ticket.domain, onUnreachable]);

  return (
    <div className="space-y-2">
      {ticket.demo && (
        <p className="text-sm text-amber-700" data-testid="demo-conference">
          Demo mode: this conference runs on {ticket.domain} without a token.
        </p>
      )}
      <div className="h-[75vh] overflow-hidden rounded-lg bg-black" data-testid="jitsi-container">
        <JitsiMeeting
          domain={ticket.domain}
          roomName={ticket.room}
          jwt={ticket.token ?? undefined}
          configOverwrite={config}
          interfaceConfigOverwrite={jitsiInterfaceOverwrite}
          userInfo={userInfo}
          getIFrameRef={(node) => {
            node.style.height = "100%";
          }}
          onApiReady={(api) => {
            setReady(true);
            const jitsi = api as unknown as JitsiApi;
            jitsi.addListener("errorOccurred", (e) => e.isFatal && onUnreachable());
            jitsi.addListener("videoConferenceJoined", () => {
              // Moderators switch the meeting's own options on as soon as they are in.
              if (ticket.moderator && ticket.lobby) jitsi.executeCommand("toggleLobby", true);
              if (ticket.e2ee) jitsi.executeCommand("toggleE2EE", true);
            });
          }}
          onReadyToClose={onLeft}
        />
      </div>
    </div>
  );
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
