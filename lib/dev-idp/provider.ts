// Embedded, Keycloak-shaped OIDC provider for the quick start and tests. It serves the realm from
// docker/keycloak/realm.json under Keycloak's URL layout, so next-auth talks to it exactly as to Keycloak.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
// @ts-expect-error -- oidc-provider ships no types and @types/oidc-provider is not a dependency; OidcProvider types the part used here.
import UntypedProvider from "oidc-provider";
import { z } from "zod";
import { escapeHtml } from "../http/escape-html";
import { loadRealm, type Realm, type RealmUser } from "./realm";

export async function startDevIdp(opts: {
  port: number;
  host?: string;
  portalUrl: string;
  clientSecret: string;
  realmFile?: string;
  usersFile?: string;
}): Promise<{ issuer: string; groups: string[]; close(): Promise<void> }> {
  const realm = await loadRealm({
    env: { PORTAL_URL: opts.portalUrl, KEYCLOAK_CLIENT_SECRET: opts.clientSecret },
    realmFile: opts.realmFile,
    usersFile: opts.usersFile,
  });
  const host = opts.host ?? "127.0.0.1";
  const realmPath = `/realms/${realm.name}`;
  const config = await providerConfig(realm, realmPath);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, resolve);
  });
  // Port 0 picks a free port, so the issuer can only be known once the server listens.
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}${realmPath}`;
  const provider = newProvider(issuer, config, server);
  provider.on("server_error", (_ctx, err) => console.error("dev-idp:", err));
  provider.on("backchannel.error", (_ctx, err) => console.error("dev-idp: back-channel logout failed:", err));
  const sessions = trackSessions(provider);
  const oidc = provider.callback();

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (path.startsWith(`${realmPath}${loginPath}/`)) return handleLogin(provider, realm, req, res);
    const adminLogout = ADMIN_LOGOUT.exec(path);
    if (adminLogout && adminLogout[1] === realm.name && req.method === "POST") return handleAdminLogout(provider, sessions, realm, adminLogout[2]!, req, res);
    if (path === `${realmPath}${END_SESSION_PATH}` && req.method === "POST") return oidc(mount(await asGet(req), realmPath), res);
    if (path.startsWith(`${realmPath}/`)) return oidc(mount(req, realmPath), res);
    sendHtml(res, 404, page("Page not found", ""));
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    dispatch(req, res).catch((err: unknown) => {
      console.error("dev-idp:", err);
      if (!res.headersSent) sendHtml(res, 500, page("We are sorry...", "<p>Unexpected error.</p>"));
    });
  });

  return {
    issuer,
    groups: realm.groups.map((g) => g.name),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // fetch keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

const loginPath = "/login-actions/authenticate";
const END_SESSION_PATH = "/protocol/openid-connect/logout";
// Keycloak's admin REST call that ends every session of a user (and tells each client back-channel).
const ADMIN_LOGOUT = /^\/admin\/realms\/([^/]+)\/users\/([^/]+)\/logout$/;
const invalidCredentials = "Invalid username or password.";

async function providerConfig(realm: Realm, realmPath: string) {
  const { client, lifespans } = realm;
  const users = new Map(realm.users.map((u) => [u.id, u]));
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "RS256", use: "sig" };
  const ownToken = (_ctx: unknown, caller: { clientId: string }, token: { clientId?: string }) => token.clientId === caller.clientId;

  return {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.secret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        backchannel_logout_uri: client.backchannelLogoutUri,
        backchannel_logout_session_required: true,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    // Fresh keys per start: sessions need not survive a restart of a dev IdP.
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    routes: {
      authorization: "/protocol/openid-connect/auth",
      token: "/protocol/openid-connect/token",
      userinfo: "/protocol/openid-connect/userinfo",
      jwks: "/protocol/openid-connect/certs",
      end_session: END_SESSION_PATH,
      revocation: "/protocol/openid-connect/revoke",
      introspection: "/protocol/openid-connect/token/introspect",
      pushed_authorization_request: "/protocol/openid-connect/ext/par/request",
    },
    // realm_access and groups come from client-level protocol mappers in Keycloak, so they ride on "openid".
    claims: {
      openid: ["sub", "realm_access", "groups"],
      profile: ["preferred_username", "name", "given_name", "family_name"],
      email: ["email", "email_verified"],
    },
    // next-auth reads roles from the ID token, and Keycloak puts mapped claims there too.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Keycloak issues a refresh token on every code exchange, not only for offline_access.
    issueRefreshToken: (_ctx: unknown, c: { grantTypeAllowed(type: string): boolean }) => c.grantTypeAllowed("refresh_token"),
    ttl: {
      AccessToken: lifespans.accessToken,
      IdToken: lifespans.accessToken,
      AuthorizationCode: lifespans.authorizationCode,
      Interaction: lifespans.login,
      RefreshToken: lifespans.ssoSessionIdle,
      Session: lifespans.ssoSessionMax,
      Grant: lifespans.ssoSessionMax,
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = users.get(sub);
      return user && { accountId: sub, claims: () => claimsFor(user) };
    },
    loadExistingGrant: grantEverythingRequested,
    // oidc-provider refuses loopback addresses for its own requests (SSRF protection); its only
    // request here is the back-channel logout to the portal, which runs on loopback beside it.
    fetch: (url: string, { dispatcher: _, ...options }: RequestInit & { dispatcher?: unknown }) => fetch(url, options),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${realmPath}${loginPath}/${interaction.uid}` },
    // The client's webOrigins, which is what Keycloak's CORS check uses.
    clientBasedCORS: (_ctx: unknown, origin: string) => client.webOrigins.includes(origin),
    renderError: (ctx: OidcContext, out: { error: string; error_description?: string }) => {
      ctx.type = "html";
      ctx.body = page("We are sorry...", `<p id="kc-error-message">${escapeHtml(out.error_description ?? out.error)}</p>`);
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: ownToken },
      revocation: { enabled: true, allowedPolicy: ownToken },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Keycloak logs out without asking when the RP sends a valid id_token_hint (this page submits
        // itself); with only client_id, as the portal sends, it asks "Do you want to log out?" first.
        logoutSource: (ctx: OidcContext, form: string) => {
          ctx.type = "html";
          ctx.body = ctx.oidc.params.id_token_hint
            ? page(
                "Logging out",
                `${form.replace("</form>", '<input type="hidden" name="logout" value="yes"/></form>')}
<noscript><button type="submit" form="op.logoutForm">Logout</button></noscript>
<script>document.getElementById("op.logoutForm").submit()</script>`,
              )
            : page(
                "Logging out",
                `<p>Do you want to log out?</p>${form.replace("</form>", '<button type="submit" id="kc-logout" name="logout" value="yes">Logout</button></form>')}`,
              );
        },
        postLogoutSuccessSource: (ctx: OidcContext) => {
          ctx.type = "html";
          ctx.body = page("You are logged out", "");
        },
      },
    },
  };
}

// Consent is off for the first-party portal client, as in the realm: the grant covers whatever was asked.
async function grantEverythingRequested(ctx: OidcContext) {
  const { client, session, provider } = ctx.oidc;
  const grantId = session.grantIdFor(client.clientId);
  const grant = (grantId && (await provider.Grant.find(grantId))) || new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
  grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(" "));
  grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

async function handleLogin(provider: OidcProvider, realm: Realm, req: IncomingMessage, res: ServerResponse) {
  const action = new URL(req.url ?? "/", "http://dev-idp").pathname;
  // No interaction means its cookie expired or was never set; Keycloak answers that with this page.
  const interaction = await provider.interactionDetails(req, res).catch(() => undefined);
  if (!interaction) {
    return sendHtml(res, 400, page("We are sorry...", "<p>Your login attempt timed out. Login will start from the beginning.</p>"));
  }
  if (interaction.prompt.name !== "login") throw new Error(`dev-idp has no page for the ${interaction.prompt.name} prompt`);
  if (req.method !== "POST") return sendHtml(res, 200, loginPage(action, realm.name));

  const form = loginForm.safeParse(Object.fromEntries(new URLSearchParams(await readBody(req))));
  const user = form.success ? findUser(realm, form.data.username, form.data.password) : undefined;
  if (!user) return sendHtml(res, 200, loginPage(action, realm.name, form.data?.username ?? "", invalidCredentials));
  await provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
}

/** Session uids per account, so an admin logout can find them (oidc-provider indexes sessions by id only). */
function trackSessions(provider: OidcProvider): Map<string, Set<string>> {
  const byAccount = new Map<string, Set<string>>();
  provider.on("authorization.success", (ctx: unknown) => {
    const session = (ctx as { oidc?: { session?: { accountId?: string; uid: string } } }).oidc?.session;
    if (session?.accountId) byAccount.set(session.accountId, (byAccount.get(session.accountId) ?? new Set()).add(session.uid));
  });
  return byAccount;
}

// The stand-in for an admin's access token is the portal client's secret: the dev IdP has no admin users.
async function handleAdminLogout(provider: OidcProvider, sessions: Map<string, Set<string>>, realm: Realm, accountId: string, req: IncomingMessage, res: ServerResponse) {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (!timingSafeEqual(digest(req.headers.authorization ?? ""), digest(`Bearer ${realm.client.secret}`))) {
    res.writeHead(401).end();
    return;
  }
  for (const uid of sessions.get(accountId) ?? []) {
    const session = await provider.Session.findByUid(uid);
    if (!session) continue;
    for (const clientId of Object.keys(session.authorizations ?? {})) {
      const client = await provider.Client.find(clientId);
      if (client?.backchannelLogoutUri) await client.backchannelLogout(accountId, session.sidFor(clientId));
    }
    await session.destroy();
  }
  sessions.delete(accountId);
  res.writeHead(204).end();
}

const loginForm = z.object({ username: z.string().trim().toLowerCase(), password: z.string() });

function findUser(realm: Realm, login: string, password: string): RealmUser | undefined {
  // Keycloak accepts username or email (loginWithEmailAllowed).
  const user = realm.users.find((u) => u.username === login || u.email.toLowerCase() === login);
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return user && timingSafeEqual(digest(user.password), digest(password)) ? user : undefined;
}

function claimsFor(user: RealmUser) {
  return {
    sub: user.id,
    preferred_username: user.username,
    name: `${user.firstName} ${user.lastName}`,
    given_name: user.firstName,
    family_name: user.lastName,
    email: user.email,
    email_verified: true,
    realm_access: { roles: user.realmRoles },
    groups: user.groups,
  };
}

// oidc-provider builds its URLs from the mount path, which it reads from originalUrl like under Express.
function mount(req: IncomingMessage, prefix: string): IncomingMessage {
  const url = req.url ?? "/";
  const rest = url.slice(prefix.length);
  return Object.assign(req, { originalUrl: url, url: rest.startsWith("/") ? rest : `/${rest}` });
}

/**
 * Keycloak's logout takes its parameters as a form post too (an ID token with many groups does not fit
 * a URL); oidc-provider takes POST only with SameSite=None cookies, so the stand-in hands it on as a GET.
 */
async function asGet(req: IncomingMessage): Promise<IncomingMessage> {
  const query = await readBody(req);
  delete req.headers["content-type"];
  delete req.headers["content-length"];
  return Object.assign(req, { method: "GET", url: `${new URL(req.url ?? "/", "http://dev-idp").pathname}?${query}` });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  req.setEncoding("utf8"); // decodes characters split across chunks, e.g. in a non-ASCII password
  for await (const chunk of req) {
    body += chunk as string;
    if (body.length > 64_000) throw new Error("form body too large");
  }
  return body;
}

function loginPage(action: string, realmName: string, username = "", error?: string): string {
  const alert = error ? `<div class="alert-error" role="alert"><span id="input-error" aria-live="polite">${escapeHtml(error)}</span></div>` : "";
  return page(
    "Sign in to your account",
    `${alert}
<form id="kc-form-login" method="post" action="${escapeHtml(action)}">
  <label for="username">Username or email</label>
  <input id="username" name="username" type="text" value="${escapeHtml(username)}" autocomplete="username" autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password">
  <input id="kc-login" name="login" type="submit" value="Sign In">
</form>`,
    realmName,
  );
}

// One inline stylesheet and an inline icon: the page loads nothing else, so it needs no network
// beyond itself and a strict CSP allows it by this style's hash.
const STYLE = `*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:1rem;background:#f1f5f9;color:#0f172a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:24rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(15,23,42,.12),0 8px 24px rgba(15,23,42,.06);padding:2rem}
#kc-header{margin:0 0 .25rem;font-size:.875rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#1d5fd1}
h1{margin:0 0 1.25rem;font-size:1.375rem}
label{display:block;margin:.75rem 0 .25rem;font-size:.875rem;font-weight:500}
input[type=text],input[type=password]{display:block;width:100%;padding:.55rem .7rem;border:1px solid #cbd5e1;border-radius:.375rem;font:inherit;background:#fff;color:inherit}
input:focus{outline:2px solid #1d5fd1;outline-offset:1px;border-color:#1d5fd1}
input[type=submit],button{display:block;width:100%;margin-top:1.25rem;padding:.6rem;border:0;border-radius:.375rem;background:#1d5fd1;color:#fff;font:inherit;font-weight:600;cursor:pointer}
input[type=submit]:hover,button:hover{background:#174ba6}
.alert-error{margin:0 0 .5rem;padding:.6rem .75rem;border-radius:.375rem;background:#fef2f2;color:#b91c1c;font-size:.875rem}
p{margin:.5rem 0}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}main{background:#1e293b;box-shadow:none}input[type=text],input[type=password]{background:#0f172a;border-color:#475569}.alert-error{background:#450a0a;color:#fecaca}}`;
const ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d5fd1"/><path d="M10 22v-12h4l2 6 2-6h4v12" fill="none" stroke="#fff" stroke-width="2.5"/></svg>')}`;

function page(title: string, body: string, realmName?: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${ICON}">
<style>${STYLE}</style>
</head><body><main>${realmName ? `<p id="kc-header">${escapeHtml(realmName)}</p>` : ""}<h1 id="kc-page-title">${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

// The slice of oidc-provider's API this file uses (see the import above).
type OidcGrant = { addOIDCScope(scope: string): void; addOIDCClaims(claims: string[]): void; save(): Promise<string> };
type OidcContext = {
  type: string;
  body: unknown;
  oidc: {
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    requestParamOIDCScopes: Set<string>;
    requestParamClaims: Set<string>;
    params: Record<string, string | undefined>;
    provider: OidcProvider;
  };
};
type OidcSession = { authorizations?: Record<string, unknown>; sidFor(clientId: string): string; destroy(): Promise<void> };
type OidcClient = { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> };
type OidcProvider = {
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  on(event: "server_error" | "backchannel.error" | "authorization.success", listener: (ctx: unknown, err: unknown) => void): void;
  Session: { findByUid(uid: string): Promise<OidcSession | undefined> };
  Client: { find(id: string): Promise<OidcClient | undefined> };
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ prompt: { name: string } }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: { login: { accountId: string } },
    opts: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: {
    new (init: { accountId: string; clientId: string }): OidcGrant;
    find(id: string): Promise<OidcGrant | undefined>;
  };
};
const Provider = UntypedProvider as new (issuer: string, config: object) => OidcProvider;

// oidc-provider validates the client metadata here; a realm it rejects must not leave the port taken.
function newProvider(issuer: string, config: object, server: Server): OidcProvider {
  try {
    return new Provider(issuer, config);
  } catch (err) {
    server.close();
    throw err;
  }
}
