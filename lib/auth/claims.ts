// Maps Keycloak's ID-token claims to the portal's identity. The only code that reads raw token claims.
import { z } from "zod";

// Keycloak adds these to every user; they say nothing about the portal.
const KEYCLOAK_INTERNAL_ROLES = /^(offline_access|uma_authorization|default-roles-.*)$/;

const keycloakClaims = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  // Longer than any address can be (RFC 5321): dropped, so nothing from the IdP can grow the session cookie.
  email: z.string().max(254).optional().catch(undefined),
  // Keycloak sends it with the email scope. An address the realm says is unverified is not kept: an
  // address decides which invitations and memberships are a person's (lib/invites/colleagues.ts).
  email_verified: z.boolean().optional(),
  realm_access: z.object({ roles: z.array(z.string()).default([]) }).optional(),
  // Group paths ("/engineering") or names, depending on the mapper's full.path; the portal uses names.
  groups: z.array(z.string()).optional(),
});

// Keycloak's session id; a back-channel logout token names the session by it.
const sessionClaim = z.object({ sid: z.string().min(1).max(200) });

export type Identity = { subject: string; name: string; email: string | null; roles: string[]; groups: string[] };

export function identityFromClaims(profile: unknown): Identity {
  const claims = keycloakClaims.parse(profile);
  return {
    subject: claims.sub,
    name: (claims.name || claims.preferred_username || "Unnamed user").slice(0, 200),
    email: claims.email_verified === false ? null : (claims.email ?? null),
    roles: (claims.realm_access?.roles ?? []).filter((r) => !KEYCLOAK_INTERNAL_ROLES.test(r)).sort(),
    groups: (claims.groups ?? []).map((g) => g.replace(/^\//, "")).sort(),
  };
}

/** Which Keycloak session this sign-in is, if the ID token says (Keycloak's always does). */
export function idpSessionFromClaims(profile: unknown): string | null {
  const claims = sessionClaim.safeParse(profile);
  return claims.success ? claims.data.sid : null;
}
