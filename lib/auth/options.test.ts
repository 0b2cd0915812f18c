// The session cookie holds only who someone is (issue 21): it carried the whole ID token, so about
// 180 IdP groups made 17 KB that every request answered with 431. Runs against the local Postgres.
import { randomUUID } from "node:crypto";
import type { Account, Profile } from "next-auth";
import { encode } from "next-auth/jwt";
import { beforeAll, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrations";
import { env } from "@/lib/env";

beforeAll(() => applyMigrations(process.env.DATABASE_URL!));

it("a person in 1,000 groups gets a cookie under 4 KB; roles and groups are kept on their row", async () => {
  const subject = randomUUID();
  const groups = Array.from({ length: 1000 }, (_, i) => `/department-${String(i).padStart(4, "0")}-with-a-long-name`);
  const profile = { sub: subject, sid: "keycloak-session-1", name: "Gita Many".padEnd(500, "x"), email: `${"g".repeat(300)}@example.test`, realm_access: { roles: ["employee", "offline_access"] }, groups };
  // The ID token repeats every claim; it must not travel in the cookie.
  const idToken = `header.${Buffer.from(JSON.stringify(profile)).toString("base64url")}.signature`;
  const account = { provider: "keycloak", type: "oauth", providerAccountId: subject, id_token: idToken } as Account;

  const token = await authOptions.callbacks!.jwt!({ token: {} as never, account, profile: profile as Profile, user: {} as never });
  const cookie = await encode({ token, secret: env.NEXTAUTH_SECRET });
  expect(cookie.length).toBeLessThan(4096 - 100); // one cookie, never chunked, with room for its name and attributes
  expect(JSON.stringify(token)).not.toContain("department");
  expect(Object.keys(token).sort()).toEqual(["email", "name", "sid", "sub", "sv", "uid"]);
  // The ID token is kept for sign-out's id_token_hint, server-side, under the cookie's short sid.
  expect(token.sid).toMatch(/^[\w-]{22}$/);
  const signIn = await db.signInSession.findUniqueOrThrow({ where: { id: token.sid as string } });
  expect(signIn).toMatchObject({ userId: token.uid, idToken, idpSessionId: "keycloak-session-1" });

  const row = await db.user.findUniqueOrThrow({ where: { subject } });
  expect(row.groups).toHaveLength(1000);
  expect(row.groups[0]).toBe("department-0000-with-a-long-name");
  expect(row.roles).toEqual(["employee"]);
  expect(row.name).toHaveLength(200);
  expect(row.email).toBeNull();
});
