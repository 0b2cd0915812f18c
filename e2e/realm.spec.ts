// One source of truth: each demo user's roles and groups, as the realm file defines them, reach the
// portal through the dev IdP and next-auth (the user row is written from the ID token at sign-in).
import { expect, test } from "@playwright/test";
import { loadRealm } from "../lib/dev-idp/realm";
import { sql } from "./db";
import { DEMO_USERS, e2eEnv } from "./env";

test("every demo user signed in with the roles and groups the realm gives them", async () => {
  const realm = await loadRealm({ env: { PORTAL_URL: e2eEnv.PORTAL_URL, KEYCLOAK_CLIENT_SECRET: e2eEnv.KEYCLOAK_CLIENT_SECRET } });
  for (const username of DEMO_USERS) {
    const defined = realm.users.find((u) => u.username === username)!;
    const [row] = await sql<{ roles: string[]; groups: string[]; subject: string }>(`select roles, groups, subject from "User" where email = $1`, [defined.email]);
    expect(row, `${username} has signed in`).toBeTruthy();
    expect(row!.subject).toBe(defined.id);
    expect(row!.roles).toEqual(defined.realmRoles.filter((r) => ["admin", "employee"].includes(r)).sort());
    expect(row!.groups).toEqual([...defined.groups].sort());
  }
});
