// OIDC Back-Channel Logout 1.0: Keycloak posts a signed logout token when a session ends there (the
// user signs out elsewhere, an admin logs them out, the SSO session expires); the portal ends the
// person's sessions too. Verified with the realm's own keys, like an ID token, but never one.
import "server-only";
import { type JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from "jose";
import { z } from "zod";
import { env } from "@/lib/env";

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
// Keycloak sends the token the moment the session ends; an old one is a replay.
const MAX_AGE = "2m";

const logoutClaims = z
  .object({
    sub: z.string().min(1).optional(),
    sid: z.string().min(1).optional(),
    jti: z.string().min(1),
    events: z.object({ [BACKCHANNEL_LOGOUT_EVENT]: z.object({}) }),
  })
  .refine((c) => c.sub || c.sid, "a logout token names a sub or a sid");

export type LogoutClaims = z.infer<typeof logoutClaims>;

// Keycloak's key set, fetched on first use and again when it sees an unknown key id (rotation).
let realmKeys: JWTVerifyGetKey | undefined;
const keys = () => (realmKeys ??= createRemoteJWKSet(new URL(`${env.KEYCLOAK_ISSUER}/protocol/openid-connect/certs`)));

/** The verified claims of a logout token, or null for anything else. */
export async function verifyLogoutToken(token: string, keySet: JWTVerifyGetKey = keys()): Promise<LogoutClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keySet, {
      issuer: env.KEYCLOAK_ISSUER,
      audience: env.KEYCLOAK_CLIENT_ID,
      algorithms: ["RS256", "ES256", "PS256"],
      requiredClaims: ["iat", "jti"],
      maxTokenAge: MAX_AGE,
    });
    // A nonce marks an ID token: one must never pass for a logout token (spec 2.4).
    if ("nonce" in payload) return null;
    const claims = logoutClaims.safeParse(payload);
    return claims.success ? claims.data : null;
  } catch {
    return null;
  }
}
