// Sign-in sessions keep the ID token for sign-out's id_token_hint (issue 21 item 6), one row per
// sign-in. Runs against the local Postgres (DATABASE_URL, migrated here).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { endSignInSession, forgetIdpSession, purgeSignInSessions, startSignInSession } from "@/lib/auth/sign-in-sessions";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";

const HOUR = 3_600_000;
const person = () => db.user.create({ data: { subject: randomUUID(), name: "Ines", roles: [], groups: [] } });
const signIn = (userId: string, idToken: string, idpSessionId: string | null = null, expiresAt = new Date(Date.now() + 8 * HOUR)) =>
  startSignInSession({ userId, idToken, idpSessionId, expiresAt });

describe("sign-in sessions", () => {
  beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

  it("two sign-ins of one person are two rows; sign-out returns its own ID token once", async () => {
    const user = await person();
    const laptop = await signIn(user.id, "laptop-id-token");
    const phone = await signIn(user.id, "phone-id-token");
    expect(laptop).not.toBe(phone);
    expect(laptop).toMatch(/^[\w-]{22}$/); // 128 bits, base64url
    expect(await endSignInSession(laptop, user.id)).toBe("laptop-id-token");
    expect(await endSignInSession(laptop, user.id)).toBeNull();
    expect(await endSignInSession(phone, user.id)).toBe("phone-id-token");
  });

  it("answers only the person whose sign-in it is", async () => {
    const [owner, other] = [await person(), await person()];
    const id = await signIn(owner.id, "owner-id-token");
    expect(await endSignInSession(id, other.id)).toBeNull();
    expect(await endSignInSession(id, owner.id)).toBe("owner-id-token");
  });

  it("Keycloak's back-channel logout forgets the session it names", async () => {
    const user = await person();
    const sid = randomUUID();
    const ended = await signIn(user.id, "ended", sid);
    const other = await signIn(user.id, "other", randomUUID());
    expect(await forgetIdpSession(sid)).toBe(1);
    expect(await endSignInSession(ended, user.id)).toBeNull();
    expect(await endSignInSession(other, user.id)).toBe("other");
  });

  it("the purge removes expired sign-ins; erasure removes the person's", async () => {
    const user = await person();
    const now = new Date();
    const expired = await signIn(user.id, "expired", null, new Date(now.getTime() - 1));
    const live = await signIn(user.id, "live", null, new Date(now.getTime() + HOUR));
    expect(await purgeSignInSessions(now)).toBeGreaterThanOrEqual(1);
    expect(await db.signInSession.count({ where: { id: { in: [expired, live] } } })).toBe(1);
    await db.user.delete({ where: { id: user.id } });
    expect(await db.signInSession.count({ where: { id: live } })).toBe(0);
  });
});
