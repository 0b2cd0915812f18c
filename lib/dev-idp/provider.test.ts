import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIdp } from "./provider";
import { loadRealm, portalClientId, type Realm } from "./realm";

const portalUrl = "http://localhost:3000";
const clientSecret = "test-client-secret-0123456789";
const redirectUri = `${portalUrl}/api/auth/callback/keycloak`;
const signedOutUri = `${portalUrl}/signed-out`;

let idp: Awaited<ReturnType<typeof startDevIdp>>;
let realm: Realm;

beforeAll(async () => {
  idp = await startDevIdp({ port: 0, portalUrl, clientSecret });
  realm = await loadRealm({ env: { PORTAL_URL: portalUrl, KEYCLOAK_CLIENT_SECRET: clientSecret } });
});
afterAll(() => idp.close());

describe("dev IdP", () => {
  it("publishes Keycloak-shaped discovery", async () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/realms\/portal$/);
    const doc = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    const endpoint = (path: string) => `${idp.issuer}/protocol/openid-connect/${path}`;
    expect(doc).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: endpoint("auth"),
      token_endpoint: endpoint("token"),
      userinfo_endpoint: endpoint("userinfo"),
      jwks_uri: endpoint("certs"),
      end_session_endpoint: endpoint("logout"),
      revocation_endpoint: endpoint("revoke"),
      introspection_endpoint: endpoint("token/introspect"),
      code_challenge_methods_supported: ["S256"],
    });
  });

  // What the realm grants, spelled out, so a realm.json edit that changes access shows up here.
  const portalRoles = { ada: ["admin", "employee"], erin: ["employee"], emil: ["employee"], nora: [] };
  const groups = { ada: ["management"], erin: ["engineering"], emil: ["sales"], nora: [] };

  it.each(Object.keys(portalRoles) as (keyof typeof portalRoles)[])("logs %s in with the realm's roles and groups", async (username) => {
    const user = realm.users.find((u) => u.username === username)!;
    const { tokens } = await logIn(idp.issuer, username, user.password);

    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
    const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: idp.issuer, audience: "meeting-portal" });
    expect(payload).toMatchObject({
      sub: user.id,
      preferred_username: username,
      name: `${user.firstName} ${user.lastName}`,
      email: user.email,
      email_verified: true,
      realm_access: { roles: user.realmRoles },
      groups: groups[username],
    });
    const roles = (payload.realm_access as { roles: string[] }).roles;
    expect(roles.filter((r) => r === "admin" || r === "employee")).toEqual(portalRoles[username]);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const userinfo = await fetch(`${idp.issuer}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userinfo.json()).toMatchObject({ sub: user.id, realm_access: { roles: user.realmRoles }, groups: groups[username] });
  });

  it("derives a stable sub from the username", () => {
    // Seeded portal rows reference this value; it must only change on purpose.
    expect(realm.users.find((u) => u.username === "ada")?.id).toBe("857b4de9-e013-52c8-acb0-c2dc474eec15");
  });

  it("derives employee from the management group mapping", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dev-idp-"));
    const usersFile = join(dir, "users.json");
    const mia = { username: "mia", password: "mia-test-pass", firstName: "Mia", lastName: "Manager", email: "mia@example.test" };
    await writeFile(usersFile, JSON.stringify({ users: [{ ...mia, realmRoles: [], groups: ["management"] }] }));
    const other = await startDevIdp({ port: 0, portalUrl, clientSecret, usersFile });
    try {
      const { tokens } = await logIn(other.issuer, "mia", mia.password);
      const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(`${other.issuer}/protocol/openid-connect/certs`)));
      expect((payload.realm_access as { roles: string[] }).roles).toContain("employee");
      expect(payload.groups).toEqual(["management"]);
    } finally {
      await other.close();
      await rm(dir, { recursive: true });
    }
  });

  it("serves a styled login page that loads nothing from anywhere else", async () => {
    const { html } = await openLoginForm(new Browser(), idp.issuer, pkce().challenge);
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/<style>[^<]*main\{[^}]*max-width/);
    expect(html).toContain('<label for="username">');
    // No script, stylesheet, image or font from a URL: only inline style and a data: icon.
    expect(html).not.toMatch(/<script|\bsrc=|url\(|@import/);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.slice(0, 5))).toEqual(["data:"]);
  });

  it("re-renders the login form on a wrong password", async () => {
    const browser = new Browser();
    const loginForm = await openLoginForm(browser, idp.issuer, pkce().challenge);
    const res = await browser.post(loginForm.action, { username: "erin", password: "not-erins-password" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Invalid username or password.");
    expect(html).toContain('id="kc-login"');
  });

  it("refuses an authorization request without PKCE", async () => {
    const res = await new Browser().get(authorizeUrl(idp.issuer, { code_challenge: undefined }));
    const location = new URL(res.headers.get("location")!);
    expect(location.href.startsWith(redirectUri)).toBe(true);
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });

  it("logs out to the registered post-logout URI without asking", async () => {
    const { browser, tokens } = await logIn(idp.issuer, "erin", "erin-demo-pass");
    const logoutUrl = new URL(`${idp.issuer}/protocol/openid-connect/logout`);
    logoutUrl.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: signedOutUri, state: "s1" }).toString();
    const page = await browser.get(logoutUrl);
    const form = parseForm(await page.text());
    const done = await browser.post(form.action, form.fields);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${signedOutUri}?state=s1`);
    // The provider session is gone: a new authorization request asks for credentials again.
    expect((await openLoginForm(browser, idp.issuer, pkce().challenge)).html).toContain('id="username"');
  });

  it("takes the logout as a form post too, as Keycloak does (an ID token too long for a URL)", async () => {
    const { browser, tokens } = await logIn(idp.issuer, "erin", "erin-demo-pass");
    // Keycloak's session id, which the portal keeps to match a back-channel logout token.
    expect(JSON.parse(Buffer.from(tokens.id_token.split(".")[1]!, "base64url").toString())).toHaveProperty("sid", expect.any(String));
    const end = new URL(`${idp.issuer}/protocol/openid-connect/logout`);
    const page = await browser.post(end, { id_token_hint: tokens.id_token, client_id: portalClientId, post_logout_redirect_uri: signedOutUri });
    const html = await page.text();
    expect(html).not.toContain("Do you want to log out?");
    const form = parseForm(html);
    const done = await browser.post(new URL(form.action, idp.issuer), form.fields);
    expect(done.headers.get("location")).toBe(signedOutUri);
    expect((await openLoginForm(browser, idp.issuer, pkce().challenge)).html).toContain('id="username"');
  });

  it("logs out with client_id instead of id_token_hint after asking, as Keycloak does", async () => {
    const { browser } = await logIn(idp.issuer, "erin", "erin-demo-pass");
    const logoutUrl = new URL(`${idp.issuer}/protocol/openid-connect/logout`);
    logoutUrl.search = new URLSearchParams({ client_id: portalClientId, post_logout_redirect_uri: signedOutUri }).toString();
    const html = await (await browser.get(logoutUrl)).text();
    expect(html).toContain("Do you want to log out?");
    expect(html).not.toContain(".submit()");
    const form = parseForm(html);
    const done = await browser.post(form.action, { ...form.fields, logout: "yes" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(signedOutUri);
    expect((await openLoginForm(browser, idp.issuer, pkce().challenge)).html).toContain('id="username"');
  });

  it("refuses an unregistered post-logout URI", async () => {
    const { browser, tokens } = await logIn(idp.issuer, "emil", "emil-demo-pass");
    const logoutUrl = new URL(`${idp.issuer}/protocol/openid-connect/logout`);
    logoutUrl.search = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: "https://evil.example/" }).toString();
    const res = await browser.get(logoutUrl);
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("post_logout_redirect_uri not registered");
  });
});

type Tokens = { id_token: string; access_token: string; refresh_token?: string };

async function logIn(issuer: string, username: string, password: string) {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const loginForm = await openLoginForm(browser, issuer, challenge);
  const callback = await followToPortal(browser, await browser.post(loginForm.action, { username, password }));
  expect(callback.searchParams.get("state")).toBe("st4te");
  expect(callback.searchParams.get("iss")).toBe(issuer);

  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`meeting-portal:${clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  expect(res.status).toBe(200);
  return { browser, tokens: (await res.json()) as Tokens };
}

async function openLoginForm(browser: Browser, issuer: string, challenge: string) {
  let res = await browser.get(authorizeUrl(issuer, { code_challenge: challenge }));
  while (res.status >= 300 && res.status < 400) res = await browser.get(new URL(res.headers.get("location")!, issuer));
  expect(res.status).toBe(200);
  const html = await res.text();
  return { html, action: new URL(parseForm(html).action, issuer) };
}

async function followToPortal(browser: Browser, first: Response): Promise<URL> {
  let res = first;
  for (let hops = 0; hops < 10; hops++) {
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!, res.url);
    if (location.href.startsWith(portalUrl)) return location;
    res = await browser.get(location);
  }
  throw new Error("too many redirects");
}

function authorizeUrl(issuer: string, extra: { code_challenge: string | undefined }) {
  const url = new URL(`${issuer}/protocol/openid-connect/auth`);
  const params = { client_id: "meeting-portal", response_type: "code", scope: "openid email profile", redirect_uri: redirectUri, state: "st4te" };
  url.search = new URLSearchParams(params).toString();
  if (extra.code_challenge) {
    url.searchParams.set("code_challenge", extra.code_challenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url;
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function parseForm(html: string) {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in page:\n${html}`);
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { action: action.replaceAll("&#38;", "&"), fields };
}

// Just enough of a browser: manual redirects and a name-keyed cookie jar (all cookies here share one host).
class Browser {
  private jar = new Map<string, string>();

  get(url: URL) {
    return this.send(url, { method: "GET" });
  }

  post(url: URL | string, form: Record<string, string>) {
    return this.send(new URL(url), { method: "POST", body: new URLSearchParams(form) });
  }

  private async send(url: URL, init: RequestInit) {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, { ...init, redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const [name = "", value = ""] = pair.trim().split(/=(.*)/s);
      const expired = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }
}
