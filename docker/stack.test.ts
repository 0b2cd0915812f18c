// The deployment stack checked without a Docker engine: docker/compose.yml as `docker-compose config`
// resolves it with a .env from docker/init.sh, against lib/env.ts, the Keycloak realm, the portal's
// routes and Prosody's token rules (the claims a token from lib/jitsi/token.ts must satisfy).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEnv } from "@/lib/env";
import { RECORDING_CONSENT_ASKED } from "@/lib/recordings/config";
import { roomNameFor } from "@/lib/jitsi/room";
import { signJitsiToken } from "@/lib/jitsi/token";

const root = path.resolve(import.meta.dirname, "..");
const dockerDir = path.join(root, "docker");
const composeFile = path.join(dockerDir, "compose.yml");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Service = {
  image?: string; build?: unknown; profiles?: string[]; restart?: string; command?: string[] | string;
  environment?: Record<string, string | null>; depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown }; ports?: (string | { published?: string | number; target?: number; protocol?: string })[];
  volumes?: (string | { source?: string; target?: string })[]; networks?: Record<string, { aliases?: string[] } | null>;
};
type Config = { services: Record<string, Service>; networks?: Record<string, { internal?: boolean } | null> };

let work: string;
let dotenv: Record<string, string>;
let base: Config;
let recording: Config;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "stack-test-"));
  mkdirSync(path.join(work, "docker"));
  cpSync(path.join(dockerDir, "init.sh"), path.join(work, "docker/init.sh"));
  cpSync(path.join(dockerDir, ".env.example"), path.join(work, "docker/.env.example"));
  const run = initSh();
  if (run.status !== 0) throw new Error(`docker/init.sh failed:\n${run.stderr}`);
  dotenv = parseDotenv(readFileSync(envFile(), "utf8"));
  base = composeConfig([]);
  recording = composeConfig(["recording"]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("docker-compose config", () => {
  it("accepts the stack with a generated .env, with and without --profile recording", () => {
    for (const config of [base, recording]) {
      expect(Object.keys(config.services)).toEqual(expect.arrayContaining(["postgres", "keycloak", "portal", "prosody", "jicofo", "jvb", "web", "proxy"]));
    }
  });

  it("runs Jibri only with --profile recording", () => {
    expect(active(base, [])).not.toContain("jibri");
    expect(active(recording, ["recording"])).toContain("jibri");
    expect(Object.entries(base.services).filter(([, s]) => s.profiles?.length).map(([name]) => name)).toEqual(["jibri", "jvb2"]);
  });

  it("refuses to start without secrets (the unfilled .env.example)", () => {
    const res = compose(path.join(dockerDir, ".env.example"), []);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/is not set; run docker\/init\.sh/);
  });
});

describe("consistency", () => {
  it("pins every image to a release, and Jitsi to one stable tag", () => {
    const images = Object.values(recording.services).filter((s) => !s.build).map((s) => s.image ?? "");
    for (const image of images) expect(image, image).toMatch(/^[\w.\-/]+:(?!latest$|stable$|unstable$|nightly$|edge$)[\w.-]*\d[\w.-]*$/);
    const jitsiTags = new Set(images.filter((i) => i.startsWith("ghcr.io/jitsi/")).map((i) => i.split(":")[1]));
    expect([...jitsiTags]).toHaveLength(1);
    expect([...jitsiTags][0]).toMatch(/^stable-\d{4,}(-\d+)?$/);
    expect(recording.services.keycloak?.image).toMatch(/^quay\.io\/keycloak\/keycloak:26\.\d+\.\d+$/);
    expect(read("docker/portal.Dockerfile")).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-[a-z-]+$/m);
  });

  it("takes the JWT app id, secret, issuer, audience and XMPP domain for portal and Prosody from the same variables", () => {
    const raw = parse(read("docker/compose.yml"), { merge: true }) as Config;
    const vars = (service: string, key: string) => varsIn(raw.services[service]?.environment?.[key]);
    expect(vars("portal", "JITSI_APP_ID")).toEqual(["JITSI_APP_ID"]);
    expect(vars("prosody", "JWT_APP_ID")).toEqual(["JITSI_APP_ID"]);
    expect(vars("prosody", "JWT_ACCEPTED_ISSUERS")).toEqual(["JITSI_APP_ID"]);
    expect(vars("portal", "JITSI_APP_SECRET")).toEqual(["JITSI_APP_SECRET"]);
    expect(vars("prosody", "JWT_APP_SECRET")).toEqual(["JITSI_APP_SECRET"]);
    expect(vars("portal", "JITSI_AUDIENCE")).toEqual(["JITSI_AUDIENCE"]);
    expect(vars("prosody", "JWT_ACCEPTED_AUDIENCES")).toEqual(["JITSI_AUDIENCE"]);
    expect(vars("portal", "JITSI_XMPP_DOMAIN")).toEqual(["JITSI_XMPP_DOMAIN"]);
    expect(vars("prosody", "XMPP_DOMAIN")).toEqual(["JITSI_XMPP_DOMAIN"]);
    const portal = env(base, "portal");
    const prosody = env(base, "prosody");
    expect(prosody.JWT_APP_SECRET).toBe(portal.JITSI_APP_SECRET);
    expect(prosody.XMPP_DOMAIN).toBe(portal.JITSI_XMPP_DOMAIN);
    for (const name of ["jicofo", "jvb", "web"]) expect(env(base, name).XMPP_DOMAIN, name).toBe(prosody.XMPP_DOMAIN);
    expect(base.services.prosody?.networks?.jitsi?.aliases).toContain(prosody.XMPP_SERVER);
    expect(env(base, "web").PUBLIC_URL).toBe(`https://${portal.JITSI_DOMAIN}`);
  });

  it("gives the portal every variable lib/env.ts reads, and they pass its production checks", () => {
    const portal = env(base, "portal");
    const declared = [...read("lib/env.ts").matchAll(/^ {2}([A-Z][A-Z0-9_]+): (.*)$/gm)].map((m) => ({ key: m[1]!, rule: m[2]! }));
    expect(declared.length).toBeGreaterThan(10);
    for (const { key, rule } of declared) {
      expect(Object.keys(portal), key).toContain(key);
      // Only a setting lib/env.ts itself treats as optional may reach the portal empty.
      if (!/\.optional\(\)\)?,$/.test(rule)) expect(portal[key], key).toBeTruthy();
    }
    expect(portal.NODE_ENV).toBe("production");
    expect(() => parseEnv(portal)).not.toThrow();
  });

  it("matches the Keycloak realm to the portal's client id and routes", () => {
    const portal = env(base, "portal");
    const keycloak = env(base, "keycloak");
    const realm = JSON.parse(read("docker/keycloak/realm.json").replace(/\$\{([A-Z_]+)\}/g, (_, k: string) => keycloak[k] ?? `<unset ${k}>`));
    const client = realm.clients.find((c: { clientId: string }) => c.clientId === portal.KEYCLOAK_CLIENT_ID);
    expect(client, "realm client").toBeDefined();
    expect(keycloak.PORTAL_URL).toBe(portal.NEXTAUTH_URL);
    expect(client.secret).toBe(portal.KEYCLOAK_CLIENT_SECRET);
    expect(client.redirectUris).toEqual([`${portal.NEXTAUTH_URL}/api/auth/callback/keycloak`]);
    expect(client.attributes["post.logout.redirect.uris"]).toBe(`${portal.NEXTAUTH_URL}/signed-out`);
    expect(existsSync(path.join(root, "app/api/auth/[...nextauth]/route.ts"))).toBe(true);
    expect(existsSync(path.join(root, "app/(public)/signed-out/page.tsx"))).toBe(true);
    expect(portal.KEYCLOAK_ISSUER).toBe(`${keycloak.KC_HOSTNAME}/realms/${realm.realm}`);
    expect(base.services.keycloak?.command).toEqual(["start", "--import-realm"]);
    const imports = mounts(base, "keycloak").filter((m) => m.target.startsWith("/opt/keycloak/data/import"));
    expect(imports.map((m) => path.basename(m.source))).toEqual(["realm.json"]); // never dev-users.json
  });

  it("lets Prosody, not the token holder, decide moderators and guests", () => {
    const prosody = env(base, "prosody");
    expect(prosody).toMatchObject({ ENABLE_AUTH: "1", AUTH_TYPE: "jwt", JWT_ALLOW_EMPTY: "0", ENABLE_GUESTS: "0", ENABLE_AUTO_OWNER: "0", ENABLE_LOBBY: "1", ENABLE_BREAKOUT_ROOMS: "1" });
    // muc_wait_for_host counts every token holder as the host; the project's portal_lobby does it right.
    expect(prosody.XMPP_MUC_MODULES?.split(",")).toEqual(["token_affiliation", "token_lobby_bypass", "portal_lobby", "portal_room_end"]);
    expect(existsSync(path.join(dockerDir, "prosody-plugins/mod_portal_room_end.lua"))).toBe(true);
    expect(prosody.XMPP_MODULES?.split(",")).toEqual(expect.arrayContaining(["persistent_lobby"]));
    const custom = mounts(base, "prosody").find((m) => m.target === "/prosody-plugins-custom");
    expect(custom?.source).toBe(path.join(dockerDir, "prosody-plugins"));
    expect(existsSync(path.join(dockerDir, "prosody-plugins/mod_portal_lobby.lua"))).toBe(true);
    expect(env(base, "jicofo")).toMatchObject({ ENABLE_AUTO_OWNER: "0", JICOFO_ENABLE_AUTH: "0" });
    const web = env(base, "web");
    expect(web).toMatchObject({ ENABLE_AUTH: "1", ENABLE_GUESTS: "0", TOKEN_AUTH_URL: `${env(base, "portal").NEXTAUTH_URL}/meetings` });
    for (const key of ["AMPLITUDE_ID", "GOOGLE_ANALYTICS_ID", "MATOMO_ENDPOINT", "MATOMO_SITE_ID", "ANALYTICS_SCRIPT_URLS"]) expect(web[key], key).toBeUndefined();
    const webConfig = read("docker/jitsi-web/custom-config.js");
    expect(webConfig).toMatch(/config\.disableThirdPartyRequests = true;/);
    expect(webConfig).toMatch(/config\.gravatar\.disabled = true;/);
  });

  it("has Jitsi ask everyone for consent when a recording starts, as the portal notes on each recording", () => {
    // Run as the web image runs it: appended to config.js, where `config` is already defined.
    const config: { recordings?: Record<string, unknown> } = {};
    runInNewContext(read("docker/jitsi-web/custom-config.js"), { config });
    // jitsi-meet react/features/recording/functions.ts (shouldRequireRecordingConsent) reads these.
    expect(config.recordings).toMatchObject({ requireConsent: true, skipConsentInMeeting: false, showPrejoinWarning: true });
    expect(RECORDING_CONSENT_ASKED).toBe(config.recordings?.requireConsent);
  });

  it("lets Jibri log in on the hidden recorder domain with its own accounts", () => {
    const jibri = env(recording, "jibri");
    const prosody = env(recording, "prosody");
    expect(prosody.ENABLE_RECORDING).toBe("1"); // Prosody serves the hidden domain
    for (const key of ["XMPP_HIDDEN_DOMAIN", "XMPP_RECORDER_DOMAIN", "XMPP_AUTH_DOMAIN", "XMPP_SERVER", "JIBRI_RECORDER_USER", "JIBRI_RECORDER_PASSWORD", "JIBRI_XMPP_USER", "JIBRI_XMPP_PASSWORD", "JIBRI_BREWERY_MUC"]) {
      expect(jibri[key], key).toBe(prosody[key]);
    }
    expect(jibri.XMPP_HIDDEN_DOMAIN).not.toBe(prosody.XMPP_DOMAIN); // never on the token-only main domain
    const finalize = mounts(recording, "jibri").find((m) => m.target === jibri.JIBRI_FINALIZE_RECORDING_SCRIPT_PATH);
    expect(finalize?.source).toBe(path.join(dockerDir, "jibri/finalize.sh"));
    expect(statSync(path.join(dockerDir, "jibri/finalize.sh")).mode & 0o111).toBeTruthy();
  });

  it("lets Jibri hand recordings to the portal on an internal network only, signed with the portal's secret", () => {
    const jibri = env(recording, "jibri");
    const portal = env(recording, "portal");
    expect(jibri.RECORDINGS_INGEST_SECRET).toBe(portal.RECORDINGS_INGEST_SECRET);
    expect(portal.RECORDINGS_INGEST_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(portal.RECORDINGS_MASTER_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(portal.RECORDINGS_MASTER_KEY).not.toBe(portal.RECORDINGS_INGEST_SECRET);
    const shared = Object.keys(recording.services.jibri?.networks ?? {}).filter((n) => Object.keys(recording.services.portal?.networks ?? {}).includes(n));
    expect(shared).toHaveLength(1);
    expect(recording.networks?.[shared[0]!]?.internal).toBe(true);
    expect(Object.keys(recording.services.proxy?.networks ?? {})).not.toContain(shared[0]);
    expect(new URL(jibri.PORTAL_INTERNAL_URL!).hostname).toBe("portal");
    // The recordings live on a volume, where RECORDINGS_DIR points.
    expect(mounts(recording, "portal").map((m) => m.target)).toContain(portal.RECORDINGS_DIR);
    // …and the proxy answers 404 for the internal endpoints before forwarding anything.
    const caddy = read("docker/caddy/Caddyfile");
    const site = caddy.slice(caddy.indexOf("{$PORTAL_DOMAIN} {"));
    expect(site).toMatch(/@internal path \/api\/internal \/api\/internal\/\*\s+respond @internal 404/);
    expect(site.indexOf("respond @internal 404")).toBeLessThan(site.indexOf("reverse_proxy"));
    expect(existsSync(path.join(root, "app/api/internal/recordings/route.ts"))).toBe(true);
  });

  it("has Prosody report room and occupant events to the portal on the internal network, with the portal's secret", () => {
    const prosody = env(base, "prosody");
    const portal = env(base, "portal");
    expect(prosody.PROSODY_EVENTS_SECRET).toBe(portal.PROSODY_EVENTS_SECRET);
    expect(portal.PROSODY_EVENTS_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(new URL(prosody.PORTAL_INTERNAL_URL!).hostname).toBe("portal");
    expect(base.networks?.ingest?.internal).toBe(true);
    for (const service of ["prosody", "portal"]) expect(Object.keys(base.services[service]?.networks ?? {})).toContain("ingest");
    // The component config, where the image includes it (prosody.cfg.lua: Include "conf.d/*.cfg.lua").
    const cfg = mounts(base, "prosody").find((m) => m.target === "/config/conf.d/portal-events.cfg.lua");
    expect(cfg?.source).toBe(path.join(dockerDir, "prosody/portal-events.cfg.lua"));
    const lua = read("docker/prosody/portal-events.cfg.lua");
    expect(lua).toMatch(/^Component \("esync\." \.\. ENV_XMPP_DOMAIN\) "event_sync_component"$/m);
    expect(lua).toContain("muc_component = ENV_XMPP_MUC_DOMAIN");
    expect(prosody.XMPP_MUC_DOMAIN).toBe(`muc.${prosody.XMPP_DOMAIN}`);
    expect(lua).toContain('api_prefix = ENV_PORTAL_INTERNAL_URL .. "/api/internal/prosody"');
    expect(lua).toContain('"Bearer " .. ENV_PROSODY_EVENTS_SECRET');
    expect(existsSync(path.join(root, "app/api/internal/prosody/events/[...path]/route.ts"))).toBe(true);
  });

  it("publishes only 80/443 on the proxy and 10000/udp on the bridge, with health-ordered starts", () => {
    const published = Object.entries(recording.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name}:${portSpec(p)}`));
    expect(published.filter((p) => !p.startsWith("turn:")).sort()).toEqual(["jvb2:10001/udp", "jvb:10000/udp", "proxy:443/tcp", "proxy:80/tcp"]);
    expect(recording.networks?.data?.internal).toBe(true);
    expect(Object.keys(recording.services.postgres?.networks ?? {})).toEqual(["data"]);
    const healthcheck = read("docker/portal.Dockerfile").match(/^HEALTHCHECK (?:.*\\\n)*.*\/api\/health/m);
    for (const [name, s] of Object.entries(recording.services)) {
      expect(s.restart, name).toBe("unless-stopped");
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(condition, `${name} → ${dep}`).toBe("service_healthy");
        const target = recording.services[dep];
        expect(target?.healthcheck ?? (target?.build && healthcheck), `${dep} has a healthcheck`).toBeTruthy();
      }
    }
  });

  it("documents every variable compose reads in .env.example, and commits no secret under docker/", () => {
    const example = read("docker/.env.example");
    const documented = new Set([...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    for (const name of new Set(varsIn(read("docker/compose.yml")))) expect(documented.has(name), name).toBe(true);
    for (const [key, value] of Object.entries(parseDotenv(example))) if (isSecretKey(key)) expect(value, key).toBe("");
    const files = committable("docker");
    expect(files).toContain("docker/compose.yml");
    for (const file of files.filter((f) => !/dev-users\.json$|stack\.test\.ts$/.test(f))) {
      expect(literalSecrets(read(file)), file).toEqual([]);
    }
  });
});

// Issue 20: what Prosody, Jibri, TURN and the proxy enforce, read in the rendered configuration.
describe("the stack enforces what the portal decides", () => {
  it("3: recording only with the token's feature, Jibri writing to a volume, without SYS_ADMIN", () => {
    // jitsi-meet's filter_iq_jibri (main host) refuses Jibri start/stop without features.recording/livestreaming.
    expect(env(recording, "prosody").XMPP_MODULES?.split(",")).toContain("filter_iq_jibri");
    const jibri = recording.services.jibri!;
    expect(env(recording, "jibri").JIBRI_RECORDING_DIR).toBe("/storage/recordings");
    const storage = mounts(recording, "jibri").find((m) => m.target === "/storage");
    expect(storage?.source).toBeTruthy();
    expect(mounts(recording, "jibri").some((m) => m.target === "/config" && env(recording, "jibri").JIBRI_RECORDING_DIR!.startsWith("/config"))).toBe(false);
    expect((jibri as { cap_add?: string[] }).cap_add ?? []).not.toContain("SYS_ADMIN");
    const finalize = read("docker/jibri/finalize.sh");
    expect(finalize).toMatch(/--connect-timeout \d+ --max-time/);
    expect(finalize).toMatch(/while \[ "\$try" -lt "\$attempts" \]/);
    expect(finalize).toMatch(/pause=\$\(\(pause \* 2\)\)/);
  });

  it("4: TURN over UDP and TCP with a secret shared with Prosody, no third-party STUN when the address is known", () => {
    const prosody = env(base, "prosody");
    const turn = base.services.turn!;
    expect(turn.image).toMatch(/^coturn\/coturn:\d+\.\d+\.\d+/);
    expect(prosody.TURN_CREDENTIALS).toMatch(/^[0-9a-f]{64}$/);
    expect(env(base, "turn").TURN_SECRET).toBe(prosody.TURN_CREDENTIALS);
    expect(prosody.TURN_TRANSPORT?.split(",").sort()).toEqual(["tcp", "udp"]);
    expect(prosody.TURN_HOST).toBe(env(base, "portal").JITSI_DOMAIN);
    const ports = (turn.ports ?? []).map(portSpec);
    expect(ports).toEqual(expect.arrayContaining(["3478/udp", "3478/tcp"]));
    expect(String(turn.command)).toMatch(/use-auth-secret/);
    expect(String(turn.command)).not.toContain(prosody.TURN_CREDENTIALS); // in a file, never in argv
    // init.sh ran with --public-ip: the bridge asks no STUN server, TURN announces the address.
    expect(env(base, "jvb").JVB_DISABLE_STUN).toBe("1");
    expect(env(base, "turn").TURN_PUBLIC_IP).toBe("203.0.113.10");
    expect(env(base, "web").P2P_STUN_SERVERS).toBe(`${prosody.TURN_HOST}:3478`);
  });

  it("5: access logs without tokens, invite or feed secrets", () => {
    const caddy = read("docker/caddy/Caddyfile");
    expect(caddy).toMatch(/\(common\) \{[\s\S]*?import redacted_log/);
    expect(caddy).not.toMatch(/^\s*log\s*$/m);
    const rules = [...caddy.matchAll(/regexp "([^"]+)" "([^"]+)"/g)].map((m) => [new RegExp(m[1]!.replace(/\(\?:/g, "(?:"), "g"), m[2]!.replace("${1}", "$1")] as const);
    const redact = (uri: string) => rules.reduce((u, [re, to]) => u.replace(re, to), uri);
    expect(redact("/room?jwt=eyJ.abc.def&lang=en")).toBe("/room?jwt=REDACTED&lang=en");
    expect(redact("/xmpp-websocket?room=r&token=eyJ.abc.def")).toBe("/xmpp-websocket?room=r&token=REDACTED");
    expect(redact("/join/AbC123_-x")).toBe("/join/REDACTED");
    expect(redact("/api/join/AbC123_-x/token")).toBe("/api/join/REDACTED/token");
    expect(redact("/api/calendar/s3cr3tFeed")).toBe("/api/calendar/REDACTED");
    expect(caddy).toMatch(/request>headers>Referer delete/);
  });

  it("6: the proxy does not wait for Jitsi, so the portal and Keycloak stay up without it", () => {
    expect(Object.keys(base.services.proxy?.depends_on ?? {}).sort()).toEqual(["keycloak", "portal"]);
  });

  it("7: one Jitsi tag, and the project's Prosody module written for Prosody's MUC events", () => {
    const lua = read("docker/prosody-plugins/mod_portal_lobby.lua");
    for (const event of ["muc-occupant-pre-join", "muc-occupant-joined", "create-persistent-lobby-room", "destroy-lobby-room"]) expect(lua).toContain(event);
    expect(lua).toMatch(/context\.room\.lobby/);
  });

  it("8: a second bridge with its own UDP port, and a remote bridge file that validates", () => {
    const jvb = env(base, "jvb");
    const jvb2 = env(base, "jvb2");
    expect(base.services.jvb2?.profiles).toEqual(["bridge2"]);
    expect(jvb2.JVB_PORT).not.toBe(jvb.JVB_PORT);
    expect((base.services.jvb2?.ports ?? []).map(portSpec)).toEqual([`${jvb2.JVB_PORT}/udp`]);
    expect(jvb2.JVB_ADVERTISE_IPS).toBe(jvb.JVB_ADVERTISE_IPS);
    expect(mounts(base, "jvb2").map((m) => m.source)).not.toEqual(mounts(base, "jvb").map((m) => m.source));
    const remote = spawnSync("docker-compose", ["--env-file", envFile(), "-f", path.join(dockerDir, "remote-bridge.yml"), "config"], { encoding: "utf8", cwd: root });
    expect(remote.status, remote.stderr).toBe(0);
    const bridge = (parse(remote.stdout) as Config).services.jvb!;
    expect(bridge.environment?.XMPP_SERVER).toBeTruthy();
    expect((bridge.ports ?? []).map(portSpec)).toEqual(["10000/udp"]);
  });

  it("10: Prosody's rate limits on, counting each client by its address behind the trusted proxy", () => {
    const prosody = env(base, "prosody");
    expect(prosody.PROSODY_ENABLE_RATE_LIMITS).toBe("1");
    for (const key of ["LOGIN_RATE", "SESSION_RATE", "TIMEOUT"]) expect(Number(prosody[`PROSODY_RATE_LIMIT_${key}`]), key).toBeGreaterThan(0);
    const proxyIp = base.services.proxy?.networks?.jitsi as { ipv4_address?: string } | undefined;
    expect(prosody.PROSODY_TRUSTED_PROXIES?.split(",")).toEqual([proxyIp?.ipv4_address]);
    // Only Jicofo is exempt; the image's default exemption of 10.0.0.0/8 is not used.
    const jicofoIp = (base.services.jicofo?.networks?.jitsi as { ipv4_address?: string } | undefined)?.ipv4_address;
    expect(prosody.PROSODY_RATE_LIMIT_ALLOW_RANGES).toBe(`${jicofoIp}/32`);
    // XMPP reaches Prosody from the proxy directly: the web image's nginx would overwrite X-Forwarded-For.
    expect(read("docker/caddy/Caddyfile")).toMatch(/@xmpp path \/xmpp-websocket \/http-bind\s+reverse_proxy @xmpp prosody:5280/);
  });
});

describe("docker/init.sh", () => {
  it("writes a complete .env with distinct secrets of at least 32 characters", () => {
    const example = parseDotenv(read("docker/.env.example"));
    for (const key of Object.keys(example)) expect(dotenv[key], key).toBeTruthy();
    const secrets = Object.keys(example).filter((key) => example[key] === "").map((key) => dotenv[key] ?? "");
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    for (const value of secrets) expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(statSync(envFile()).mode & 0o777).toBe(0o600);
  });

  it("changes nothing on a second run", () => {
    const before = readFileSync(envFile(), "utf8");
    const mtime = statSync(envFile()).mtimeMs;
    const again = initSh();
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already exists; nothing changed/);
    expect(readFileSync(envFile(), "utf8")).toBe(before);
    expect(statSync(envFile()).mtimeMs).toBe(mtime);
  });

  it("adds the settings a newer .env.example brings to an existing .env, keeping every value", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stack-test-"));
    cpSync(path.join(dockerDir, "init.sh"), path.join(dir, "init.sh"));
    cpSync(path.join(dockerDir, ".env.example"), path.join(dir, ".env.example"));
    // A .env written before recordings existed.
    const before = readFileSync(envFile(), "utf8").replace(/^RECORDINGS_.*\n/gm, "");
    writeFileSync(path.join(dir, ".env"), before, { mode: 0o600 });
    const res = spawnSync("bash", [path.join(dir, "init.sh")], { encoding: "utf8", input: "", env: bareEnv });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/added the new settings: RECORDINGS_MASTER_KEY RECORDINGS_INGEST_SECRET/);
    const after = readFileSync(path.join(dir, ".env"), "utf8");
    expect(after.startsWith(before)).toBe(true);
    const added = parseDotenv(after);
    expect(added.RECORDINGS_MASTER_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(added.RECORDINGS_MASTER_KEY).not.toBe(dotenv.RECORDINGS_MASTER_KEY);
    expect(statSync(path.join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([".env", ".env.example", "init.sh"]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to guess the domains when nobody can answer", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stack-test-"));
    cpSync(path.join(dockerDir, "init.sh"), path.join(dir, "init.sh"));
    cpSync(path.join(dockerDir, ".env.example"), path.join(dir, ".env.example"));
    const res = spawnSync("bash", [path.join(dir, "init.sh")], { encoding: "utf8", input: "", env: bareEnv });
    expect(res.status).not.toBe(0);
    expect(existsSync(path.join(dir, ".env"))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("a portal token against Prosody's rules", () => {
  it("verifies with Prosody's secret, issuer, audience and domain", async () => {
    const portal = env(base, "portal");
    const prosody = env(base, "prosody");
    const signer = { appId: portal.JITSI_APP_ID!, secret: portal.JITSI_APP_SECRET!, audience: portal.JITSI_AUDIENCE!, subject: portal.JITSI_XMPP_DOMAIN! };
    const room = roomNameFor("2f1c6f0e-0000-4000-8000-000000000001", portal.ROOM_NAME_SECRET!);
    const now = Date.now();
    const user = { id: "u-1", name: "Erin Employee", email: "erin@example.test" };
    const guest = { moderator: false, recording: false, livestreaming: false, lobbyBypass: false };
    const { token } = await signJitsiToken(signer, { room: room.toUpperCase(), user, rights: guest, lobby: true }, now);

    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(prosody.JWT_APP_SECRET), {
      algorithms: ["HS256"],
      issuer: prosody.JWT_ACCEPTED_ISSUERS!.split(","),
      audience: prosody.JWT_ACCEPTED_AUDIENCES!.split(","),
      clockTolerance: 0, // Prosody allows no skew
      currentDate: new Date(now),
    });
    expect(typeof payload.aud).toBe("string"); // Prosody compares aud with ==: an array never matches
    expect(payload.sub).toBe(prosody.XMPP_DOMAIN);
    expect(payload.room).toBe(room);
    expect(payload.room).toMatch(/^[0-9a-f]+$/);
    const sec = Math.floor(now / 1000);
    expect(payload.nbf).toBeLessThan(sec); // back-dated for clock drift
    expect(payload.exp! - sec).toBeGreaterThan(0);
    expect(payload.exp! - sec).toBeLessThanOrEqual(15 * 60);
    // token_affiliation makes `moderator: true` or affiliation owner/moderator an owner: a guest has neither.
    expect(payload.context).toMatchObject({ user: { moderator: false, affiliation: "member" } });
  });
});

// ---- helpers --------------------------------------------------------------------------------------

// init.sh must not pick up domains or modes from the developer's or CI's environment.
const bareEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "test" };

function envFile() {
  return path.join(work, "docker/.env");
}

function initSh() {
  const args = ["--portal-domain", "portal.example.test", "--auth-domain", "auth.example.test", "--meet-domain", "meet.example.test", "--acme-email", "ops@example.test", "--public-ip", "203.0.113.10,10.0.0.5"];
  return spawnSync("bash", [path.join(work, "docker/init.sh"), ...args], { encoding: "utf8", input: "", env: bareEnv });
}

function compose(envFilePath: string, profiles: string[]) {
  const args = ["--env-file", envFilePath, "-f", composeFile, ...profiles.flatMap((p) => ["--profile", p]), "config"];
  const res = spawnSync("docker-compose", args, { encoding: "utf8", cwd: root });
  if (res.error && (res.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error("docker-compose is not installed: run `apt-get update && apt-get install -y docker-compose` (CI does)");
  }
  return res;
}

function composeConfig(profiles: string[]): Config {
  const res = compose(envFile(), profiles);
  if (res.status !== 0) throw new Error(`docker-compose config failed:\n${res.stderr}`);
  return parse(res.stdout) as Config;
}

// Compose v1 prints every service whatever the profile; `up` starts those without a profile or with
// an active one, which is what this computes (v2 has already filtered, so it is a no-op there).
function active(config: Config, profiles: string[]) {
  return Object.entries(config.services).filter(([, s]) => !s.profiles?.length || s.profiles.some((p) => profiles.includes(p))).map(([n]) => n);
}

function env(config: Config, service: string): Record<string, string | undefined> {
  const vars = config.services[service]?.environment ?? {};
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v ?? undefined]));
}

function mounts(config: Config, service: string) {
  return (config.services[service]?.volumes ?? []).map((v) => {
    if (typeof v !== "string") return { source: v.source ?? "", target: v.target ?? "" };
    const [source = "", target = ""] = v.split(":");
    return { source, target };
  });
}

function portSpec(p: string | { published?: string | number; target?: number; protocol?: string }) {
  if (typeof p === "string") return p.includes("/") ? p.replace(/^.*:/, "") : `${p.replace(/^.*:/, "")}/tcp`;
  return `${p.published}/${p.protocol ?? "tcp"}`;
}

function varsIn(text: unknown): string[] {
  return [...String(text ?? "").matchAll(/\$\{([A-Z][A-Z0-9_]*)[^}]*\}/g)].map((m) => m[1]!);
}

function parseDotenv(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

function isSecretKey(key: string) {
  return /SECRET|PASSWORD/.test(key) && key !== "KEYCLOAK_ADMIN_USERNAME";
}

// Files git would commit (tracked, or new and not ignored); without git, everything but .env files.
function committable(dir: string): string[] {
  const res = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", dir], { cwd: root, encoding: "utf8" });
  if (res.status === 0) return res.stdout.split("\n").filter(Boolean);
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (e.name === ".env.example" || !/^\.env(\..*)?$/.test(e.name)))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

// Hex runs of 32+ (how this stack's secrets look), high-entropy tokens, and well-known defaults.
const PLACEHOLDERS = /^(changeme|change-me|password|passw0rd|secret|s3cr37|keepthissecret|admin|admin123|letmein|test)$/i;
function literalSecrets(text: string): string[] {
  const hex = text.match(/\b[0-9a-f]{32,}\b/gi) ?? [];
  const random = (text.match(/[A-Za-z0-9+/_-]{24,}={0,2}/g) ?? []).filter((t) => /\d/.test(t) && /[a-z]/.test(t) && /[A-Z]/.test(t) && entropy(t) > 4);
  const assigned = [...text.matchAll(/(?:PASSWORD|SECRET|PASSWD)["']?\s*[:=]\s*["']?([^\s"',;}]+)/gi)].map((m) => m[1]!).filter((v) => PLACEHOLDERS.test(v));
  return [...hex, ...random, ...assigned];
}

function entropy(s: string) {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.values()].reduce((h, n) => h - (n / s.length) * Math.log2(n / s.length), 0);
}
