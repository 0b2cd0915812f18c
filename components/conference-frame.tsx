"use client";
// One attempt at the embedded conference: loads Jitsi's external API with one ticket, reports what
// the conference does (joined, waiting for the host, refused, dropped, ended) and gives moderators
// "End meeting for everyone". components/jitsi-room.tsx decides what happens next.
import { JitsiMeeting } from "@jitsi/react-sdk";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ConferenceTicket } from "@/lib/jitsi/conference";
import { type JitsiError, type Reaction, reactTo } from "@/lib/jitsi/conference-events";
import { jitsiConfigOverwrite, jitsiInterfaceOverwrite } from "@/lib/jitsi/embed-config";

/** How far an attempt got before it stalled: the script, the frame, or the join itself. */
export type LoadFailure = "script" | "frame" | "join";

// external_api.js and Jitsi's page normally load in a few seconds; past this, the user is told.
// Counted once from the attempt's start: re-renders (a countdown, a status line) never restart it.
const LOAD_TIMEOUT_MS = 20_000;

type JitsiApi = {
  executeCommand(name: string, ...args: unknown[]): void;
  addListener(event: string, fn: (e: Record<string, unknown>) => void): void;
  dispose(): void;
};

type Props = {
  ticket: ConferenceTicket;
  /** A rejoin after a drop or renewal: straight back in, without the device check page. */
  rejoin: boolean;
  displayNameLocked: boolean;
  onJoined: () => void;
  onReaction: (r: Extract<Reaction, { kind: "renew" | "denied" }>) => void;
  /** The conference was closed for everyone: by this person, or by another moderator. */
  onEnded: (byMe: boolean) => void;
  onStalled: (stage: LoadFailure) => void;
  onLeft: () => void;
};

export function ConferenceFrame({ ticket, rejoin, displayNameLocked, onJoined, onReaction, onEnded, onStalled, onLeft }: Props) {
  const [waiting, setWaiting] = useState<{ forHost: boolean } | null>(null);
  const [joined, setJoined] = useState(false);
  const api = useRef<JitsiApi | null>(null);
  const stage = useRef<LoadFailure | "alive">("script");
  const ending = useRef(false);
  // The latest callbacks, read by listeners that the SDK registers once per attempt.
  const handlers = useRef({ onJoined, onReaction, onEnded, onStalled, onLeft });
  handlers.current = { onJoined, onReaction, onEnded, onStalled, onLeft };

  const config = useMemo(
    () => jitsiConfigOverwrite({ subject: ticket.subject, displayNameLocked, prejoin: !rejoin }),
    [ticket.subject, displayNameLocked, rejoin],
  );
  const userInfo = useMemo(() => ({ displayName: ticket.displayName, email: "" }), [ticket.displayName]);

  useEffect(() => {
    // The SDK swallows a failed external_api.js load; watch for it (capture phase sees resource errors).
    const onError = (e: Event) => {
      const src = (e.target as HTMLScriptElement | null)?.src ?? "";
      if (stage.current === "script" && src.includes(`${ticket.domain}/external_api.js`)) handlers.current.onStalled("script");
    };
    window.addEventListener("error", onError, true);
    const timer = window.setTimeout(() => stage.current !== "alive" && handlers.current.onStalled(stage.current), LOAD_TIMEOUT_MS);
    return () => {
      window.removeEventListener("error", onError, true);
      window.clearTimeout(timer);
      api.current?.dispose();
      api.current = null;
    };
  }, [ticket.domain]);

  function attach(jitsi: JitsiApi) {
    api.current = jitsi;
    stage.current = "frame";
    const alive = () => (stage.current = "alive");
    jitsi.addListener("ready", () => stage.current === "frame" && (stage.current = "join"));
    jitsi.addListener("prejoinScreenLoaded", alive);
    jitsi.addListener("videoConferenceJoined", () => {
      alive();
      setWaiting(null);
      setJoined(true);
      handlers.current.onJoined();
      // Moderators switch the meeting's own options on as soon as they are in.
      if (ticket.moderator && ticket.lobby) jitsi.executeCommand("toggleLobby", true);
      if (ticket.e2ee) jitsi.executeCommand("toggleE2EE", true);
    });
    jitsi.addListener("errorOccurred", (e) => {
      const reaction = reactTo(e.error as JitsiError | undefined);
      if (reaction.kind === "waiting") {
        alive();
        setWaiting({ forHost: reaction.forHost });
      } else if (reaction.kind === "ended") handlers.current.onEnded(false);
      else if (reaction.kind !== "ignore") handlers.current.onReaction(reaction);
    });
    jitsi.addListener("readyToClose", () => (ending.current ? handlers.current.onEnded(true) : handlers.current.onLeft()));
  }

  return (
    <div className="space-y-2">
      {ticket.demo && (
        <p className="text-sm text-amber-700" data-testid="demo-conference">
          Demo mode: this conference runs on {ticket.domain} without a token.
        </p>
      )}
      <ConferenceBar
        waiting={waiting}
        joined={joined}
        moderator={ticket.moderator}
        onLeave={() => api.current?.executeCommand("hangup")}
        onEnd={() => {
          ending.current = true;
          api.current?.executeCommand("endConference");
        }}
      />
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
          onApiReady={(jitsi) => attach(jitsi as unknown as JitsiApi)}
        />
      </div>
    </div>
  );
}

function ConferenceBar({ waiting, joined, moderator, onLeave, onEnd }: { waiting: { forHost: boolean } | null; joined: boolean; moderator: boolean; onLeave: () => void; onEnd: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex min-h-10 flex-wrap items-center justify-between gap-3">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-300" data-testid="conference-status">
        {waiting?.forHost && "Waiting for the host. You will join by yourself as soon as a moderator is in."}
        {waiting && !waiting.forHost && "Waiting in the lobby. A moderator will let you in."}
      </p>
      {joined && (
        <div className="flex flex-wrap items-center gap-2">
          {moderator && !confirming && (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              End meeting for everyone
            </Button>
          )}
          {confirming && (
            <span role="group" aria-label="Confirm ending the meeting" className="flex items-center gap-2 text-sm">
              End the meeting for all participants?
              <Button variant="danger" onClick={onEnd}>
                Yes, end it
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                No
              </Button>
            </span>
          )}
          <Button variant="secondary" onClick={onLeave}>
            Leave
          </Button>
        </div>
      )}
    </div>
  );
}
