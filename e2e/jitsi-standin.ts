// A stand-in for the self-hosted Jitsi (web + Prosody) that fails where the real one fails: the
// browser loads its external_api.js, which makes a real cross-origin frame on the Jitsi domain, whose
// page asks for camera and microphone (so the portal's Permissions-Policy decides, as with the real
// one), connects with the token, and reports with Jitsi's event names. Its "Prosody" checks tokens
// as Prosody's token auth does (typ JWT, HS256, iss, a single-string aud, sub, room, nbf/exp with no
// skew), gives roles from context.user (token_affiliation), and holds everyone but moderators until
// a moderator is in (host first). Like Prosody with docker/prosody/portal-events.cfg.lua, it reports
// rooms and occupants to the portal in event_sync's shape (test/event-sync-payloads.ts).
// Tests make it hang, refuse, drop connections or expire tokens.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Frame, Page, Route } from "@playwright/test";
import { type JWTPayload, decodeProtectedHeader, jwtVerify } from "jose";
import { type EventSyncOccupant, eventSync, postEvent } from "../test/event-sync-payloads";

const here = path.dirname(new URL(import.meta.url).pathname);
const EXTERNAL_API = readFileSync(path.join(here, "jitsi-standin/external-api.js"), "utf8");
const FRAME_PAGE = readFileSync(path.join(here, "jitsi-standin/frame.html"), "utf8");

type Settings = {
  domain: string;
  secret: string;
  appId: string;
  audience: string;
  xmppDomain: string;
  /** Where event_sync would POST (its api_prefix) and the bearer secret it sends. */
  events?: { prefix: string; secret: string };
};
type ParticipantState = "waiting" | "lobby" | "in" | "left" | "ended" | "dropped";
type Participant = {
  id: string;
  room: string;
  name: string;
  moderator: boolean;
  lobbyBypass: boolean;
  state: ParticipantState;
  /** What event_sync reports of this connection: its JID, the token's user id and name, when. */
  occupant: EventSyncOccupant;
  events: { name: string; data: Record<string, unknown> }[];
  commands: [string, ...unknown[]][];
};
export type Connection = { room: string; token: string | null; accepted: boolean; reason?: string; claims?: JWTPayload };

export class JitsiStandIn {
  /** "hang": external_api.js is never answered; "refuse": the connection to Jitsi is refused. */
  script: "serve" | "hang" | "refuse" = "serve";
  /** "hang": the conference page inside the frame is never answered. */
  frame: "serve" | "hang" = "serve";
  /** "stall": the page loads but the conference never starts (no device check, no join). */
  app: "start" | "stall" = "start";
  /** Every connection attempt, in order, with what "Prosody" answered. */
  readonly connections: Connection[] = [];
  readonly participants: Participant[] = [];
  private readonly lobby = new Set<string>();
  /** Rooms that exist now (someone entered), with when they were created, as Prosody's MUC keeps them. */
  private readonly rooms = new Map<string, { createdAt: number; occupants: EventSyncOccupant[] }>();
  private expiredBefore = 0;
  private down = false;
  private seq = 0;

  constructor(private readonly settings: Settings) {}

  async attach(page: Page) {
    await page.route(`https://${this.settings.domain}/**`, (route) => this.answer(route));
  }

  /** Tokens issued before now count as expired, as they would be once their `exp` has passed. */
  expireTokensIssuedBefore(when: Date) {
    this.expiredBefore = Math.floor(when.getTime() / 1000);
  }

  /** Breaks the connection of everyone in the meeting (a network change, a Prosody restart);
   * with `stayDown`, reconnecting fails too. */
  dropAll(opts: { stayDown?: boolean } = {}) {
    this.down = opts.stayDown ?? false;
    for (const p of this.participants) if (p.state === "in" || p.state === "waiting" || p.state === "lobby") p.state = "dropped";
  }

  commandsOf(name: string) {
    return this.participants.filter((p) => p.name === name).flatMap((p) => p.commands);
  }

  /** The conference frame in a page, once it exists. */
  async frameOf(page: Page): Promise<Frame> {
    const prefix = `https://${this.settings.domain}/`;
    for (let i = 0; i < 100; i++) {
      const frame = page.frames().find((f) => f.url().startsWith(prefix) && !f.url().endsWith("/external_api.js"));
      if (frame) return frame;
      await page.waitForTimeout(100);
    }
    throw new Error("no Jitsi frame in the page");
  }

  private async answer(route: Route) {
    const url = new URL(route.request().url());
    if (url.pathname === "/external_api.js") {
      if (this.script === "hang") return; // never answered
      if (this.script === "refuse") return route.abort("connectionrefused");
      return route.fulfill({ contentType: "application/javascript", body: EXTERNAL_API });
    }
    if (url.pathname === "/xmpp-websocket") return route.fulfill({ json: await this.xmpp(route.request().postDataJSON()) });
    if (this.frame === "hang") return;
    return route.fulfill({ contentType: "text/html; charset=utf-8", body: FRAME_PAGE });
  }

  private async xmpp(body: { op: string; id?: string; room?: string; token?: string | null; displayName?: string; resume?: string; name?: string; args?: unknown[] }) {
    const me = this.participants.find((p) => p.id === body.id);
    switch (body.op) {
      case "app":
        return { stall: this.app === "stall" };
      case "connect":
        return this.connect(body.room ?? "", body.token ?? null, body.displayName ?? "", body.resume);
      case "poll":
        return me ? { state: me.state, events: me.events.splice(0) } : { state: "left" };
      case "command":
        if (!me) return {};
        me.commands.push([body.name ?? "", ...(body.args ?? [])]);
        await this.command(me, body.name ?? "", body.args ?? []);
        return { state: me.state, events: me.events.splice(0) };
      default:
        return {};
    }
  }

  private async connect(room: string, token: string | null, name: string, resume?: string) {
    const verdict = await this.verify(room, token);
    this.connections.push({ room, token, ...verdict });
    if (this.down) return { ok: false, down: true, reason: "connection refused" };
    if (!verdict.accepted) return { ok: false, reason: verdict.reason };
    const user = ((verdict.claims!.context as { user?: Record<string, unknown> } | undefined)?.user ?? {}) as Record<string, unknown>;
    const moderator = user.moderator === true || user.affiliation === "owner" || user.affiliation === "moderator";
    let me = this.participants.find((p) => p.id === resume);
    if (!me) {
      const node = randomUUID();
      const occupant = { occupant_jid: `${node}@${this.settings.xmppDomain}/${node.slice(0, 12)}`, joined_at: 0, name: String(user.name ?? name), id: String(user.id ?? "") };
      me = { id: `p${++this.seq}`, room: room.toLowerCase(), name, moderator, lobbyBypass: user.lobby_bypass === true, state: "waiting", occupant, events: [], commands: [] };
      this.participants.push(me);
    }
    const before = new Set(this.inRoom(me.room));
    this.enter(me);
    for (const p of this.inRoom(me.room)) if (!before.has(p)) await this.report("joined", p);
    return { ok: true, id: me.id, moderator, state: me.state, events: me.events.splice(0) };
  }

  /** Host first: nobody but a moderator is in before a moderator; then the lobby, if on, holds guests. */
  private enter(p: Participant) {
    const hostIn = this.inRoom(p.room).some((o) => o.moderator && o !== p);
    if (!p.moderator && !hostIn) p.state = "waiting";
    else if (!p.moderator && this.lobby.has(p.room) && !p.lobbyBypass) p.state = "lobby";
    else this.admit(p);
    if (p.moderator) for (const o of this.participants) if (o.room === p.room && o.state === "waiting") this.enter(o);
  }

  private admit(p: Participant) {
    const wasIn = p.state === "in";
    p.state = "in";
    if (wasIn) return;
    for (const o of this.inRoom(p.room)) if (o !== p) o.events.push({ name: "participant-joined", data: { id: p.id, displayName: p.name, formattedDisplayName: p.name } });
  }

  private async command(me: Participant, name: string, args: unknown[]) {
    if (name === "video-hangup") {
      const wasIn = me.state === "in";
      me.state = "left";
      for (const o of this.inRoom(me.room)) o.events.push({ name: "participant-left", data: { id: me.id } });
      if (wasIn) await this.report("left", me);
    } else if (name === "end-conference" && me.moderator) {
      // Jitsi destroys the room: everyone else is told; the moderator who ended it leaves.
      const inside = this.inRoom(me.room);
      for (const o of this.participants) if (o.room === me.room && o !== me && o.state !== "left") o.state = "ended";
      me.state = "left";
      for (const o of inside) await this.report("left", o);
      await this.report("destroyed", me);
    } else if (name === "toggle-lobby" && me.moderator) {
      if (args[0] === true) this.lobby.add(me.room);
      else this.lobby.delete(me.room);
    }
  }

  /** What event_sync sends for a connection entering or leaving, or for the room's end. */
  private async report(what: "joined" | "left" | "destroyed", p: Participant) {
    const now = Math.floor(Date.now() / 1000);
    const sends: { path: string; body: unknown }[] = [];
    let room = this.rooms.get(p.room);
    if (what === "joined") {
      if (!room) {
        this.rooms.set(p.room, (room = { createdAt: now, occupants: [] }));
        sends.push(eventSync.created(p.room, now));
      }
      p.occupant = { ...p.occupant, joined_at: now };
      room.occupants.push(p.occupant);
      sends.push(eventSync.joined(p.room, p.occupant, this.inRoom(p.room).length));
    } else if (room && what === "left") {
      p.occupant.left_at = now;
      sends.push(eventSync.left(p.room, { ...p.occupant, left_at: now }, this.inRoom(p.room).length));
    } else if (room) {
      this.rooms.delete(p.room);
      sends.push(eventSync.destroyed(p.room, room.createdAt, now, room.occupants));
    }
    const target = this.settings.events;
    if (target) for (const e of sends) await postEvent(target.prefix, target.secret, e);
  }

  private inRoom(room: string) {
    return this.participants.filter((p) => p.room === room && p.state === "in");
  }

  private async verify(room: string, token: string | null): Promise<Omit<Connection, "room" | "token">> {
    if (!token) return { accepted: false, reason: "no token" };
    const { secret, appId, audience, xmppDomain } = this.settings;
    try {
      if (decodeProtectedHeader(token).typ !== "JWT") return { accepted: false, reason: "typ is not JWT" };
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"], issuer: appId, audience, clockTolerance: 0 });
      if (typeof payload.aud !== "string") return { accepted: false, reason: "aud is not a single string", claims: payload };
      if (payload.sub !== xmppDomain && payload.sub !== "*") return { accepted: false, reason: "sub is not the XMPP domain", claims: payload };
      if (typeof payload.room !== "string" || (payload.room !== "*" && payload.room.toLowerCase() !== room.toLowerCase()))
        return { accepted: false, reason: "token for another room", claims: payload };
      if ((payload.iat ?? 0) < this.expiredBefore) return { accepted: false, reason: "token expired", claims: payload };
      return { accepted: true, claims: payload };
    } catch (e) {
      return { accepted: false, reason: (e as Error).message };
    }
  }
}
