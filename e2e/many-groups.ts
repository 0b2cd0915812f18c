// tsx e2e/many-groups.ts — the realm the e2e dev IdP serves: docker/keycloak/realm.json and the demo
// users, plus a person in 1,000 groups (issue 21: about 180 locked a person out). Written to scratch
// files, so neither the production realm nor the demo users carry a thousand test groups.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { defaultRealmFile, defaultUsersFile } from "../lib/dev-idp/realm";
import { e2eEnv } from "./env";

export const MANY_GROUPS_USER = "gita";
export const MANY_GROUPS = Array.from({ length: 1000 }, (_, i) => `project-team-${String(i + 1).padStart(4, "0")}`);

/** Writes the realm and users files the e2e dev IdP reads (DEV_IDP_REALM_FILE, DEV_IDP_USERS_FILE). */
async function writeRealm() {
  const realm = JSON.parse(await readFile(defaultRealmFile, "utf8"));
  realm.groups.push(...MANY_GROUPS.map((name) => ({ name, path: `/${name}`, realmRoles: [], subGroups: [] })));
  const users = JSON.parse(await readFile(defaultUsersFile, "utf8"));
  users.users.push({
    username: MANY_GROUPS_USER,
    password: `${MANY_GROUPS_USER}-demo-pass`,
    firstName: "Gita",
    lastName: "Groups",
    email: "gita@example.test",
    realmRoles: ["employee"],
    groups: MANY_GROUPS,
  });
  await mkdir(path.dirname(e2eEnv.DEV_IDP_REALM_FILE), { recursive: true });
  await writeFile(e2eEnv.DEV_IDP_REALM_FILE, JSON.stringify(realm));
  await writeFile(e2eEnv.DEV_IDP_USERS_FILE, JSON.stringify(users));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await writeRealm();
