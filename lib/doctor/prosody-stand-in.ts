// Test support: a loopback stand-in for Prosody's XMPP websocket (RFC 7395 framing over RFC 6455). It
// checks the ?token= as jitsi-meet's token auth does (HS256 with the app secret, accepted issuers and
// audiences, exp and nbf with no skew) and answers SASL ANONYMOUS with success, or with a failure
// carrying Prosody's own text (luajwtjitsi.lib.lua), so the doctor's hints meet real wording.
import type { Server } from "node:http";
import { errors, jwtVerify } from "jose";
import { acceptKey, textSocket, type TextSocket } from "@/lib/doctor/websocket";

export type StandInRules = { secret: string; issuers: string[]; audiences: string[] };

export function speakXmpp(server: Server, rules: StandInRules) {
  server.on("upgrade", (req, socket) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (url.pathname !== "/xmpp-websocket") return socket.destroy();
    const key = String(req.headers["sec-websocket-key"]);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n`);
    void converse(textSocket(socket, false), url.searchParams.get("token"), rules);
  });
}

async function converse(ws: TextSocket, token: string | null, rules: StandInRules) {
  if (!(await ws.next()).startsWith("<open")) return ws.close();
  ws.send('<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="meet.jitsi" id="stand-in" version="1.0"/>');
  ws.send('<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>ANONYMOUS</mechanism></mechanisms></stream:features>');
  if (!(await ws.next()).includes('mechanism="ANONYMOUS"')) return ws.close();
  const reason = await refusal(token, rules);
  ws.send(reason ? `<failure xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><not-allowed/><text>${reason}</text></failure>` : '<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>');
}

async function refusal(token: string | null, rules: StandInRules): Promise<string | undefined> {
  if (!token) return "token required";
  try {
    await jwtVerify(token, new TextEncoder().encode(rules.secret), { algorithms: ["HS256"], issuer: rules.issuers, audience: rules.audiences, clockTolerance: 0 });
    return undefined;
  } catch (e) {
    if (e instanceof errors.JWTExpired) return "Not acceptable by exp (1 sec since expired)";
    if (e instanceof errors.JWTClaimValidationFailed) return e.claim === "nbf" ? "Not acceptable by nbf" : `invalid &apos;${e.claim}&apos; claim`;
    return "Invalid signature";
  }
}
