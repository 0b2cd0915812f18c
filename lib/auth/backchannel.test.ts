import { type JWTPayload, SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKCHANNEL_LOGOUT_EVENT, verifyLogoutToken } from "./backchannel";

// vitest.config.ts: KEYCLOAK_ISSUER and KEYCLOAK_CLIENT_ID of the unit-test environment.
const issuer = "http://127.0.0.1:8180/realms/portal";
const audience = "meeting-portal";
let keys: ReturnType<typeof createLocalJWKSet>;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256" }] });
});

const sign = (claims: JWTPayload, opts: { iat?: number; iss?: string; aud?: string; key?: CryptoKey } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "k1", typ: "logout+jwt" })
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? audience)
    .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000))
    .sign(opts.key ?? privateKey);
const good = { sub: "user-1", sid: "s-1", jti: "j-1", events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } };

describe("verifyLogoutToken", () => {
  it("accepts Keycloak's logout token", async () => {
    expect(await verifyLogoutToken(await sign(good), keys)).toMatchObject({ sub: "user-1", sid: "s-1", jti: "j-1" });
    const { sub: _, ...sidOnly } = good;
    expect(await verifyLogoutToken(await sign(sidOnly), keys)).toMatchObject({ sid: "s-1" });
  });

  it.each([
    ["another issuer", () => sign(good, { iss: "http://evil.test/realms/portal" })],
    ["another client", () => sign(good, { aud: "other-client" })],
    ["an old token (replay)", () => sign(good, { iat: Math.floor(Date.now() / 1000) - 600 })],
    ["no logout event", () => sign({ ...good, events: {} })],
    ["no events claim", () => sign({ sub: "user-1", jti: "j-1" })],
    ["a nonce (an ID token)", () => sign({ ...good, nonce: "n" })],
    ["no jti", () => sign({ sub: "user-1", events: good.events })],
    ["neither sub nor sid", () => sign({ jti: "j-1", events: good.events })],
    ["an HS256 token", () => new SignJWT(good).setProtectedHeader({ alg: "HS256" }).setIssuer(issuer).setAudience(audience).setIssuedAt().sign(new TextEncoder().encode("x".repeat(32)))],
  ])("refuses %s", async (_name, make) => {
    expect(await verifyLogoutToken(await make(), keys)).toBeNull();
  });

  it("refuses a token signed by another key and garbage", async () => {
    const other = await generateKeyPair("RS256");
    expect(await verifyLogoutToken(await sign(good, { key: other.privateKey }), keys)).toBeNull();
    expect(await verifyLogoutToken("not.a.jwt", keys)).toBeNull();
  });
});
