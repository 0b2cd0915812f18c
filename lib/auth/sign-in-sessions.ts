// One row per sign-in holds what the cookie must not (issue 21: the ID token carries every group):
// sign-out sends the ID token to Keycloak as id_token_hint, so Keycloak ends that one session without
// asking "Do you want to log out?". Per sign-in, not per person: two devices are two Keycloak sessions.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

type SignIn = { userId: string; idToken: string; idpSessionId: string | null; expiresAt: Date };

/** Keeps the sign-in's ID token; the returned id (128 random bits) is all the cookie carries. */
export async function startSignInSession(signIn: SignIn): Promise<string> {
  const { id } = await db.signInSession.create({ data: { id: randomBytes(16).toString("base64url"), ...signIn }, select: { id: true } });
  return id;
}

/** At sign-out: the sign-in's ID token, if it is still kept; the row is gone either way. */
export async function endSignInSession(id: string, userId: string): Promise<string | null> {
  // userId too: the id comes from the person's own (encrypted) cookie, and only their own row may answer.
  const rows = await db.$queryRaw<{ idToken: string }[]>`
    delete from "SignInSession" where id = ${id} and "userId" = ${userId}::uuid returning "idToken"`;
  return rows[0]?.idToken ?? null;
}

/** Keycloak ended this session itself (back-channel logout): its ID token is of no more use. */
export async function forgetIdpSession(idpSessionId: string): Promise<number> {
  return (await db.signInSession.deleteMany({ where: { idpSessionId } })).count;
}

/** For the scheduled purge: sign-ins whose cookie has run out. */
export async function purgeSignInSessions(now: Date): Promise<number> {
  return (await db.signInSession.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
