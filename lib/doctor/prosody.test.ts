// The doctor's Prosody check against a loopback stand-in speaking XMPP over websocket: green when the
// probe token is accepted, red with the matching fix for each kind of refusal.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askProsody } from "@/lib/doctor/prosody";
import { speakXmpp } from "@/lib/doctor/prosody-stand-in";

const secret = "stand-in-app-secret-of-at-least-32-characters";
const env = { JITSI_APP_ID: "meeting-portal", JITSI_APP_SECRET: secret, JITSI_AUDIENCE: "jitsi", JITSI_XMPP_DOMAIN: "meet.jitsi" };
const server = createServer((_req, res) => res.writeHead(404).end());
let url: string;

beforeAll(async () => {
  speakXmpp(server, { secret, issuers: ["meeting-portal"], audiences: ["jitsi"] });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/xmpp-websocket`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("the doctor asks Prosody", () => {
  it("is green when Prosody authenticates the probe token", async () => {
    const verdict = await askProsody(env, url, 3000);
    expect(verdict).toMatchObject({ ok: true, detail: expect.stringContaining("authenticated a probe token") });
  });

  it.each([
    ["secret", { JITSI_APP_SECRET: "another-secret-another-secret-another-secret" }, 0, /Invalid signature/, /JITSI_APP_SECRET/],
    ["issuer", { JITSI_APP_ID: "someone-else" }, 0, /'iss'/, /JWT_ACCEPTED_ISSUERS/],
    ["audience", { JITSI_AUDIENCE: "elsewhere" }, 0, /'aud'/, /JWT_ACCEPTED_AUDIENCES/],
    ["clock behind (expired)", {}, -20 * 60_000, /exp/, /NTP/],
    ["clock ahead (not yet valid)", {}, 5 * 60_000, /nbf/, /NTP/],
  ])("is red with the fix when Prosody refuses: %s", async (_kind, change, skewMs, detail, hint) => {
    const verdict = await askProsody({ ...env, ...change }, url, 3000, Date.now() + skewMs);
    expect(verdict.ok).toBe(false);
    expect(verdict.detail).toMatch(detail);
    expect(verdict.hint).toMatch(hint);
  });

  it("is red when nothing speaks XMPP there", async () => {
    const verdict = await askProsody(env, url.replace("/xmpp-websocket", "/elsewhere"), 3000);
    expect(verdict).toMatchObject({ ok: false, hint: expect.stringContaining("xmpp-websocket") });
  });

  it("is not run without the token settings", async () => {
    expect(await askProsody({}, url, 3000)).toMatchObject({ ok: false, detail: expect.stringContaining("Not checked") });
  });
});
