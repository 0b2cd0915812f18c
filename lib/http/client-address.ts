// The client address for per-address limits. Next 16 gives handlers and proxy.ts no socket address
// (req.ip is gone since Next 15), and it fills X-Forwarded-For from the socket only when a client sent
// none, so a client-sent header hides the socket. The server process therefore stamps the TCP peer
// on every request (stampPeerAddress, from instrumentation.ts) in a header of its own, overwriting
// whatever a client sent under that name.
import type { IncomingMessage } from "node:http";
import { Server } from "node:http";
import { env } from "@/lib/env";

export const PEER_HEADER = "x-portal-peer";
const g = globalThis as { portalPeerStamped?: boolean };

/**
 * Behind `hops` trusted proxies, each appending whom it heard from, the client is the hops-th
 * X-Forwarded-For entry from the right (Caddy, one hop, sets the header to its peer). Without trusted
 * proxies every header is the client's own word: only the socket counts.
 */
export function clientAddress(headers: Headers, hops = env.TRUSTED_PROXY_HOPS, stamped = g.portalPeerStamped === true): string {
  // Unstamped, the header could be the client's own: everyone then shares one bucket (fail closed).
  const peer = (stamped && headers.get(PEER_HEADER)) || "unknown";
  if (hops === 0) return peer;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((a) => a.trim()).filter(Boolean);
  // Fewer entries than trusted hops: a proxy did not add its entry, so none of them can be trusted.
  return chain.length >= hops ? chain[chain.length - hops]! : peer;
}

/** Runs once per server process, before the first request. */
export function stampPeerAddress() {
  if (g.portalPeerStamped) return;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "unknown";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
  g.portalPeerStamped = true;
}
