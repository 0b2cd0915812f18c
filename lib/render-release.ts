// React ends every server render by aborting its cache signal with a new Error whose stack nobody
// reads (react-server's flushCompletedChunks; react/react#37289). V8 keeps an unread stack as frames,
// and those frames held the finished request, and through it the one before: the server kept about
// 60 kB of every "My meetings" page, without bound (bench/, "kept per request"). Reading the stack
// once turns it into a string and lets the render go.
import "server-only";
import { cacheSignal } from "react";

/** Called once per render (the root layout). */
export function releaseRenderWhenDone() {
  releaseWhenAborted(cacheSignal());
}

export function releaseWhenAborted(signal: AbortSignal | null) {
  signal?.addEventListener("abort", () => void (signal.reason as { stack?: unknown } | undefined)?.stack, { once: true });
}
