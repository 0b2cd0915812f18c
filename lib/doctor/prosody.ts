// The doctor asks Prosody itself: a short-lived probe token from the portal's own signer, on an XMPP
// session over the Jitsi domain's websocket opened as Jitsi's web client opens it (…/xmpp-websocket
// ?room=…&token=…, RFC 7395 framing, SASL ANONYMOUS: jitsi-meet's mod_auth_token reads the token from
// the URL). Prosody's refusal text (luajwtjitsi.lib.lua, token/util.lib.lua) picks the fix hint.
import { randomBytes } from "node:crypto";
import { openTextSocket } from "@/lib/doctor/websocket";
import { parseJitsiEnv } from "@/lib/env";
import { jitsiSigner, signJitsiToken } from "@/lib/jitsi/token";

export type ProsodyVerdict = { ok: boolean; detail: string; hint?: string };

const FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
const SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

const HINTS: [RegExp, string][] = [
  [/signature/i, "The portal's JITSI_APP_SECRET differs from Prosody's JWT_APP_SECRET: both come from JITSI_APP_SECRET in docker/.env; recreate both containers after changing it (`docker compose up -d portal prosody`)."],
  [/'iss'|issuer/i, "Prosody does not accept the portal's issuer: JITSI_APP_ID must be listed in Prosody's JWT_ACCEPTED_ISSUERS (docker/compose.yml takes both from JITSI_APP_ID)."],
  [/'aud'|audience/i, "Prosody does not accept the portal's audience: JITSI_AUDIENCE must be listed in Prosody's JWT_ACCEPTED_AUDIENCES (docker/compose.yml takes both from JITSI_AUDIENCE)."],
  [/\bexp\b|\bnbf\b/i, "Prosody allows no clock skew and the token looked expired or not yet valid: synchronise both hosts' clocks with NTP (`timedatectl set-ntp true`, or chrony)."],
  [/token required/i, "The token did not reach Prosody: the proxy must pass the query string of /xmpp-websocket on to Prosody (docker/caddy/Caddyfile)."],
];

/** Authenticates a probe token at `url` (wss://JITSI_DOMAIN/xmpp-websocket); green when Prosody says success. */
export async function askProsody(env: Record<string, string | undefined>, url: string, timeoutMs: number, nowMs = Date.now()): Promise<ProsodyVerdict> {
  let settings;
  try {
    settings = parseJitsiEnv(env);
  } catch {
    return { ok: false, detail: "Not checked: the JITSI_* settings are incomplete.", hint: "Fix the settings check first (JITSI_APP_SECRET)." };
  }
  const room = `doctor-${randomBytes(8).toString("hex")}`;
  const rights = { moderator: false, recording: false, livestreaming: false, lobbyBypass: false };
  const { token } = await signJitsiToken(jitsiSigner(settings), { room, user: { id: room, name: "Doctor probe", email: null }, rights, lobby: true }, nowMs);
  const timer = new Promise<ProsodyVerdict>((resolve) => setTimeout(() => resolve({ ok: false, detail: `${url}: no XMPP answer within ${timeoutMs / 1000} s.`, hint: UNREACHABLE }), timeoutMs).unref());
  return Promise.race([authenticate(`${url}?${new URLSearchParams({ room, token })}`, settings.JITSI_XMPP_DOMAIN, timeoutMs), timer]);
}

const UNREACHABLE = "Prosody's websocket must answer at https://JITSI_DOMAIN/xmpp-websocket: check the proxy's route to prosody:5280 and `docker compose ps prosody`.";

async function authenticate(url: string, domain: string, timeoutMs: number): Promise<ProsodyVerdict> {
  const where = url.replace(/\?.*$/, "");
  let socket;
  try {
    socket = await openTextSocket(url, "xmpp", timeoutMs);
  } catch (e) {
    return { ok: false, detail: `${where}: ${(e as Error).message}.`, hint: UNREACHABLE };
  }
  try {
    socket.send(`<open xmlns="${FRAMING}" to="${domain}" version="1.0"/>`);
    const features = await until(socket, /<(?:stream:)?features[\s>]/);
    if (!/<mechanism>ANONYMOUS<\/mechanism>/.test(features)) {
      return { ok: false, detail: `Prosody offers no SASL ANONYMOUS for ${domain}.`, hint: "Token authentication is off: Prosody needs ENABLE_AUTH=1 and AUTH_TYPE=jwt, and JITSI_XMPP_DOMAIN must be its XMPP_DOMAIN." };
    }
    socket.send(`<auth xmlns="${SASL}" mechanism="ANONYMOUS"/>`);
    const outcome = await until(socket, /<(?:success|failure)[\s>/]/);
    socket.send(`<close xmlns="${FRAMING}"/>`);
    if (/^<success/.test(outcome.trim())) return { ok: true, detail: `Prosody at ${where} authenticated a probe token signed with the portal's settings.` };
    const reason = unescapeXml(outcome.match(/<text[^>]*>([^<]*)<\/text>/)?.[1] ?? outcome.match(/<failure[^>]*><([\w-]+)/)?.[1] ?? "no reason");
    const hint = HINTS.find(([re]) => re.test(reason))?.[1] ?? "Read Prosody's log (`docker compose logs prosody`) for why it refused the token.";
    return { ok: false, detail: `Prosody refused the probe token: ${reason}.`, hint };
  } finally {
    socket.close();
  }
}

// The next frame matching `pattern`; Prosody sends <open/> first, then <features/>, then the SASL outcome.
async function until(socket: { next: () => Promise<string> }, pattern: RegExp): Promise<string> {
  for (let text = await socket.next(); text; text = await socket.next()) if (pattern.test(text)) return text;
  throw new Error("Prosody closed the connection");
}

const unescapeXml = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
