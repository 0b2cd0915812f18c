// next-auth options: Keycloak login, the user row upserted on sign-in, roles mapped once into the session.
import type { NextAuthOptions } from "next-auth";
import KeycloakProvider from "next-auth/providers/keycloak";
import { idpSessionFromClaims, identityFromClaims } from "@/lib/auth/claims";
import { startSignInSession } from "@/lib/auth/sign-in-sessions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { claimInvitations } from "@/lib/invites/colleagues";
import { redirectTarget } from "@/lib/http/redirect-target";

// A working day; roles and groups are re-read from Keycloak at the next sign-in.
const SESSION_SECONDS = 8 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  providers: [
    KeycloakProvider({
      clientId: env.KEYCLOAK_CLIENT_ID,
      clientSecret: env.KEYCLOAK_CLIENT_SECRET,
      issuer: env.KEYCLOAK_ISSUER,
      checks: ["pkce", "state"],
    }),
  ],
  session: { strategy: "jwt", maxAge: SESSION_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  callbacks: {
    // next-auth's own check lets "/\\evil.test" and friends through; ours is the one every redirect uses.
    redirect: ({ url, baseUrl }) => new URL(redirectTarget(url, baseUrl), baseUrl).toString(),
    async jwt({ token, account, profile }) {
      if (!account || !profile) return token;
      // `profile` holds the verified ID token's claims: the moment to (re)learn who this is.
      const identity = identityFromClaims(profile);
      const user = await db.user.upsert({
        where: { subject: identity.subject },
        create: identity,
        update: { ...identity, lastSeenAt: new Date() },
        select: { id: true, sessionVersion: true },
      });
      // The ID token (every group of the person) stays in the database for sign-out's id_token_hint;
      // about 180 groups in the cookie made 17 KB that every request answered with 431 (issue 21).
      const sid = account.id_token
        ? await startSignInSession({
            userId: user.id,
            idToken: account.id_token,
            idpSessionId: idpSessionFromClaims(profile),
            expiresAt: new Date(Date.now() + SESSION_SECONDS * 1000),
          })
        : undefined;
      // Invitations sent before their first sign-in: the meetings are in their list from now on.
      await claimInvitations({ id: user.id, email: identity.email });
      return {
        sub: identity.subject,
        uid: user.id,
        sv: user.sessionVersion,
        name: identity.name,
        email: identity.email,
        // Nothing else: roles and groups live on the user row (written above) and are read from there per request.
        ...(sid && { sid }),
      };
    },
    async session({ session, token }) {
      // Server code reads the user through lib/auth/session.ts; this only serves next-auth's own endpoint.
      session.user = { id: token.uid, name: token.name ?? "", email: token.email ?? null };
      return session;
    },
  },
};
