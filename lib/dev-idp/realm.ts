// The realm as the dev IdP sees it: docker/keycloak/realm.json (what production Keycloak imports) plus the
// dev-only demo users, so tests log in against exactly the roles, groups and client Keycloak is configured with.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const defaultRealmFile = fileURLToPath(new URL("../../docker/keycloak/realm.json", import.meta.url));
export const defaultUsersFile = fileURLToPath(new URL("../../docker/keycloak/dev-users.json", import.meta.url));
export const portalClientId = "meeting-portal";

export type Realm = Awaited<ReturnType<typeof loadRealm>>;
export type RealmUser = Realm["users"][number];

export async function loadRealm(opts: { env: Record<string, string | undefined>; realmFile?: string; usersFile?: string }) {
  const realmFile = opts.realmFile ?? defaultRealmFile;
  const usersFile = opts.usersFile ?? defaultUsersFile;
  // Placeholders are filled after JSON.parse, never by text replacement, so a value cannot break out of its string.
  const realm = realmSchema.parse(substitute(await readJson(realmFile), opts.env, realmFile));
  const { users } = usersSchema.parse(await readJson(usersFile));

  const client = clientSchema.parse(realm.clients.find((c) => c.clientId === portalClientId));
  const composites = new Map(realm.roles.realm.map((r) => [r.name, r.composites?.realm ?? []]));
  const groupRoles = new Map(realm.groups.map((g) => [g.name, g.realmRoles]));
  assertKnown(`${realmFile} defaultRole`, [realm.defaultRole.name], composites);
  for (const g of realm.groups) assertKnown(`${realmFile} group ${g.name}`, g.realmRoles, composites);

  return {
    name: realm.realm,
    lifespans: {
      accessToken: realm.accessTokenLifespan,
      authorizationCode: realm.accessCodeLifespan,
      login: realm.accessCodeLifespanLogin,
      ssoSessionIdle: realm.ssoSessionIdleTimeout,
      ssoSessionMax: realm.ssoSessionMaxLifespan,
    },
    client: {
      clientId: client.clientId,
      secret: client.secret,
      redirectUris: client.redirectUris,
      webOrigins: client.webOrigins,
      // Keycloak stores several post-logout URIs in one attribute, separated by "##".
      postLogoutRedirectUris: client.attributes["post.logout.redirect.uris"].split("##").map((u) => absoluteUri.parse(u)),
      backchannelLogoutUri: client.attributes["backchannel.logout.url"],
    },
    roles: [...composites.keys()],
    groups: realm.groups.map((g) => ({ name: g.name, realmRoles: g.realmRoles })),
    users: users.map((u) => {
      assertKnown(`${usersFile} user ${u.username}`, u.realmRoles, composites);
      assertKnown(`${usersFile} user ${u.username}`, u.groups, groupRoles);
      // Keycloak grants the realm's default role to every new user and expands composites into realm_access.
      const granted = [realm.defaultRole.name, ...u.realmRoles, ...u.groups.flatMap((g) => groupRoles.get(g) ?? [])];
      return { ...u, id: subjectFor(u.username), realmRoles: expandComposites(granted, composites) };
    }),
  };
}

// Keycloak would accept wildcard URIs; this realm forbids them because they turn redirects into open redirects.
const absoluteUri = z.url().refine((u) => !u.includes("*"), "Wildcards are not allowed in realm URIs");

const realmSchema = z.object({
  realm: z.string().min(1),
  accessTokenLifespan: z.number().int().positive(),
  accessCodeLifespan: z.number().int().positive(),
  accessCodeLifespanLogin: z.number().int().positive(),
  ssoSessionIdleTimeout: z.number().int().positive(),
  ssoSessionMaxLifespan: z.number().int().positive(),
  roles: z.object({
    realm: z.array(z.object({ name: z.string(), composites: z.object({ realm: z.array(z.string()).optional() }).optional() })),
  }),
  defaultRole: z.object({ name: z.string() }),
  groups: z.array(z.object({ name: z.string(), realmRoles: z.array(z.string()).default([]) })),
  clients: z.array(z.looseObject({ clientId: z.string() })),
});

// The portal client's security posture is asserted here so a careless realm.json edit fails the dev-idp tests.
const clientSchema = z.object({
  clientId: z.literal(portalClientId),
  enabled: z.literal(true),
  publicClient: z.literal(false),
  secret: z.string().min(16),
  redirectUris: z.array(absoluteUri).min(1),
  webOrigins: z.array(absoluteUri),
  standardFlowEnabled: z.literal(true),
  implicitFlowEnabled: z.literal(false),
  directAccessGrantsEnabled: z.literal(false),
  serviceAccountsEnabled: z.literal(false),
  attributes: z.object({
    "pkce.code.challenge.method": z.literal("S256"),
    "post.logout.redirect.uris": z.string(),
    // Keycloak tells the portal when a session ends there (an admin's logout, an expiry): issue 14.
    "backchannel.logout.url": absoluteUri,
    "backchannel.logout.session.required": z.literal("true"),
  }),
});

const usersSchema = z.object({
  users: z.array(
    z.object({
      username: z.string().regex(/^[a-z0-9._-]+$/, "Keycloak usernames are lowercase"),
      password: z.string().min(1),
      firstName: z.string(),
      lastName: z.string(),
      email: z.email(),
      realmRoles: z.array(z.string()),
      groups: z.array(z.string()),
    }),
  ),
});

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8"));
}

// Same ${VAR} syntax Keycloak resolves from its environment on --import-realm; a missing variable is fatal.
function substitute(value: unknown, env: Record<string, string | undefined>, file: string): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_, name: string) => {
      const resolved = env[name];
      if (resolved === undefined) throw new Error(`${file} needs \${${name}}, which was not provided`);
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, env, file));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env, file)]));
  }
  return value;
}

function assertKnown(where: string, names: string[], known: Map<string, unknown>) {
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`${where} refers to unknown ${unknown.join(", ")}`);
}

function expandComposites(granted: string[], composites: Map<string, string[]>): string[] {
  const effective = new Set<string>();
  const pending = [...granted];
  for (let role = pending.pop(); role !== undefined; role = pending.pop()) {
    if (effective.has(role)) continue;
    effective.add(role);
    pending.push(...(composites.get(role) ?? []));
  }
  return [...effective].sort();
}

// Keycloak gives each user a random UUID; the dev IdP derives a UUIDv5 from the username instead so `sub`
// survives restarts and seeded rows keep matching. Changing this namespace orphans those rows.
const subjectNamespace = Buffer.from("6f1d2c4e8a3b4d5f9e7a1b2c3d4e5f60", "hex");

function subjectFor(username: string): string {
  const hash = createHash("sha1").update(subjectNamespace).update(username).digest().subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
